import { TestCluster } from './harness/cluster';
import { waitFor } from './harness/processes';

/**
 * Finished jobs stay visible to bjobs for CLEAN_PERIOD seconds after they end, also by id
 * and in -json, and then only history knows them (clients.md row 23).
 */
describe('CLEAN_PERIOD', () => {
  const CLEAN_PERIOD_SEC = 6;
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, CLEAN_PERIOD: CLEAN_PERIOD_SEC },
  });

  beforeAll(() => cluster.startAll(), 30_000);

  afterAll(() => cluster.teardown());

  it('keeps a finished job in bjobs for CLEAN_PERIOD, then only bhist has it', async () => {
    const submitted = await cluster.command('bsub', ['-o', '/dev/null', 'exit 3']);
    const id = Number(/<(\d+)>/.exec(submitted.stdout)![1]);
    const stat = async (): Promise<string> =>
      (await cluster.command('bjobs', ['-noheader', '-o', 'stat exit_code', String(id)])).stdout;
    await waitFor('EXIT', async () => (await stat()) === 'EXIT 3\n');
    const endedAt = Date.now();

    expect((await cluster.command('bjobs', ['-a'])).stdout).toContain(`\n${id} `);
    const json = await cluster.command('bjobs', ['-json', '-o', 'jobid stat', String(id)]);
    expect(JSON.parse(json.stdout).RECORDS).toEqual([{ JOBID: String(id), STAT: 'EXIT' }]);

    await waitFor(
      'the job to be cleaned',
      async () => (await cluster.command('bjobs', [String(id)])).code === 255,
      (CLEAN_PERIOD_SEC + 5) * 1000,
      250,
    );
    expect(Date.now() - endedAt).toBeGreaterThanOrEqual((CLEAN_PERIOD_SEC - 1) * 1000);
    const gone = await cluster.command('bjobs', [String(id)]);
    expect(gone).toEqual({ code: 255, stdout: '', stderr: `Job <${id}> is not found\n` });
    expect((await cluster.command('bjobs', ['-a'])).stderr).toBe('No job found\n');
    const history = await cluster.command('bhist', ['-l', String(id)]);
    expect(history.stdout.replace(/\n {21}/g, '')).toContain('Exited with exit code 3');
  }, 30_000);
});
