import fs from 'node:fs';
import path from 'node:path';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { waitFor } from './harness/processes';

/**
 * lsb.events is written after the store commits, so a crash can leave it behind the store or
 * with records the store's mark does not cover yet. Whatever the moment mbatchd dies, the file
 * after the restart must hold every job's records once, in order.
 */
describe('lsb.events across mbatchd crashes', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, RECONNECT_BACKOFF_MAX: 1 },
  });
  const [master] = cluster.hosts;
  const file = path.join(cluster.dir, 'work', 'testcluster', 'logdir', 'lsb.events');

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

  /**
   * The record types of one job, in file order, by its id in field 4. JOB_EXECUTE is left out:
   * a job may end before sbatchd's first report of it running.
   */
  function recordsOf(id: number): string[] {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter(
        (fields) =>
          fields[3] === String(id) && !['"MBD_START"', '"JOB_EXECUTE"'].includes(fields[0]),
      )
      .map((fields) => (fields[0] === '"JOB_STATUS"' ? `STATUS ${fields[4]}` : fields[0]));
  }

  async function restart(signal: NodeJS.Signals): Promise<void> {
    await cluster.stop('mbatchd', master, signal);
    cluster.start('mbatchd', master);
    await waitFor('mbatchd back', async () => (await cluster.command('bjobs', ['-a'])).code === 0);
  }

  it('has each record once through a kill -9 just after jobs end and a clean stop', async () => {
    const before = await Promise.all(
      [1, 2, 3].map(() => submit(cluster, ['-o', '/dev/null', 'true'])),
    );
    await Promise.all(before.map((id) => waitForState(cluster, id, 'DONE')));
    // Within the second between syncs of the file: its newest records are not marked yet.
    await restart('SIGKILL');

    const after = await submit(cluster, ['-o', '/dev/null', 'exit 2']);
    await waitForState(cluster, after, 'EXIT');
    await restart('SIGTERM');

    const lifeOf = (code: number) => ['"JOB_NEW"', '"JOB_START"', `STATUS ${code}`];
    for (const id of before) {
      expect(recordsOf(id)).toEqual(lifeOf(64));
    }
    expect(recordsOf(after)).toEqual(lifeOf(32));

    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('# 0');
    const types = lines.map((line) => line.split(' ')[0]);
    // The first start's record goes with the crash when no synced mark covered it yet.
    expect(types.filter((type) => type === '"MBD_START"').length).toBeGreaterThanOrEqual(2);
    expect(types.slice(-3)).toEqual(['"MBD_DIE"', '"MBD_START"', '']);
  }, 60_000);
});
