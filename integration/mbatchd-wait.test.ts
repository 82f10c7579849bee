import fs from 'node:fs';
import path from 'node:path';
import { submit } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { CommandResult, run, waitFor } from './harness/processes';

const STILL_TRYING = 'batch system daemon not responding ... still trying\n';

/**
 * Commands started while mbatchd is down wait for it, as LSF's do through a daemon restart
 * (workflow engines poll bjobs meanwhile), and give up after LSB_NTRIES × LSB_API_CONNTIMEOUT
 * seconds with LSF's message.
 */
describe('commands while mbatchd is down', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
    lsfConf: { LSB_API_CONNTIMEOUT: 2, LSB_NTRIES: 10 },
  });
  const [master] = cluster.hosts;

  beforeAll(() => cluster.startAll(), 30_000);
  afterAll(() => cluster.teardown());

  /** Starts an installed command whose stderr the test can read while it runs. */
  function started(
    name: string,
    args: string[],
  ): { stderr: () => string; result: Promise<CommandResult> } {
    const errFile = path.join(cluster.dir, `${name}.${Date.now()}.err`);
    fs.writeFileSync(errFile, '');
    const result = run('/bin/sh', ['-c', `exec "$0" "$@" 2>${errFile}`, name, ...args], {
      env: cluster.env,
      timeoutMs: 30_000,
    });
    return { stderr: () => fs.readFileSync(errFile, 'utf8'), result };
  }

  it('bjobs and bsub wait through a restart, say so once, and then succeed', async () => {
    const before = await submit(cluster, ['-o', '/dev/null', 'true']);
    await cluster.stop('mbatchd', master);

    const bjobs = started('bjobs', ['-a', '-noheader', '-o', 'jobid']);
    const bsub = started('bsub', ['-o', '/dev/null', 'true']);
    await waitFor('both commands to wait', async () =>
      [bjobs, bsub].every((command) => command.stderr() === STILL_TRYING),
    );
    cluster.start('mbatchd', master);

    const listed = await bjobs.result;
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout.split('\n')).toContain(String(before));
    expect(bjobs.stderr()).toBe(STILL_TRYING);
    const submitted = await bsub.result;
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toMatch(/^Job <\d+> is submitted to default queue <normal>\.\n$/);
    expect(bsub.stderr()).toBe(STILL_TRYING);

    // The submission was sent once: one job beside the one from before.
    const all = await cluster.command('bjobs', ['-a', '-noheader', '-o', 'jobid']);
    expect(all.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('gives up after LSB_NTRIES × LSB_API_CONNTIMEOUT with LSF message and exit 255', async () => {
    // Commands read lsf.conf at each start; a later line wins. A bound of 2 seconds.
    fs.appendFileSync(path.join(cluster.envDir, 'lsf.conf'), 'LSB_NTRIES=1\n');
    await cluster.stop('mbatchd', master);

    const result = await cluster.command('bjobs', ['-a']);
    expect(result).toEqual({
      code: 255,
      stdout: '',
      stderr: `${STILL_TRYING}bjobs: Timeout on connect call to server\n`,
    });
  });
});
