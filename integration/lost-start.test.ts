import fs from 'node:fs';
import path from 'node:path';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { waitFor } from './harness/processes';

/**
 * A start request lost on its way while the host's sbatchd stream stays up: sbatchd runs with
 * LAVALITE_FAULT=drop-first-start, so it neither starts nor answers the first start it gets.
 * mbatchd finds the start unconfirmed, sends it again, and the job runs exactly once.
 */
describe('a lost job start', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: {
      MBD_SLEEP_TIME: 0.2,
      SBD_HEARTBEAT_INTERVAL: 0.5,
      SBD_HEARTBEAT_MISS_COUNT: 3,
      RECONNECT_BACKOFF_MAX: 1,
    },
  });
  const execHost = cluster.hosts[1];
  const runs = path.join(cluster.dir, 'runs');

  beforeAll(async () => {
    await cluster.startAll();
    await cluster.stop('sbatchd', execHost);
    cluster.start('sbatchd', execHost, { LAVALITE_FAULT: 'drop-first-start' });
    await cluster.waitForHosts([execHost], 'ok');
  }, 90_000);
  afterAll(() => cluster.teardown());

  it('is sent again and the job runs once', async () => {
    const id = await submit(cluster, [
      '-m',
      execHost.name,
      '-o',
      '/dev/null',
      'sh',
      '-c',
      `echo $LSB_JOBID >> ${runs}`,
    ]);

    await waitFor(
      'the start dropped',
      async () =>
        cluster
          .logLines('sbatchd', execHost)
          .some((line) => line.message === 'fault injected: start dropped' && line.job_id === id),
      15_000,
    );
    await waitForState(cluster, id, 'DONE', 60_000);
    const resent = cluster
      .logLines('mbatchd', cluster.master)
      .filter((line) => line.message === 'job start resent' && line.job_id === id);
    expect(resent.length).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(runs, 'utf8')).toBe(`${id}\n`);
  }, 120_000);
});
