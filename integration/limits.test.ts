import { ctime } from '../services/common/src/ctime';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobRows, pendReasons } from './harness/job-rows';
import { waitFor } from './harness/processes';

/**
 * Limits enforced on the execution host (-W, -M, queue MEMLIMIT) and begin times, on two
 * hosts. LSF counts run limits and begin times in minutes, so the one-minute cases start
 * first and are checked last, while the other cases run.
 */
describe('limits and times on two hosts', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
    lsfConf: { LSF_UNIT_FOR_LIMITS: 'MB' },
    lsbQueues: [
      'Begin Queue',
      'QUEUE_NAME = normal',
      'PRIORITY = 30',
      'MEMLIMIT = 500 1000',
      'End Queue',
      '',
    ].join('\n'),
  });
  let runLimited = 0;
  let begins = 0;
  let beginAtMs = 0;

  beforeAll(async () => {
    await cluster.startAll();

    runLimited = await submit(cluster, ['-W', '1', 'sleep', '600']);
    const next = new Date(Date.now() + 60_000);
    beginAtMs = new Date(next).setSeconds(0, 0);
    const hhmm = `${next.getHours()}:${String(next.getMinutes()).padStart(2, '0')}`;
    const submitted = await cluster.command('bsub', ['-b', hhmm, 'true']);
    expect(submitted.stderr).toBe(`Job will be scheduled after ${ctime(beginAtMs)}\n`);
    begins = Number(/<(\d+)>/.exec(submitted.stdout)![1]);
  }, 60_000);

  afterAll(() => cluster.teardown());

  it('terminates a job over its -M memory limit and bjobs -l says why', async () => {
    const id = await submit(cluster, [
      '-M',
      '50',
      'perl',
      '-e',
      '$x = "a" x (300 * 1024 * 1024); sleep 60',
    ]);
    await waitForState(cluster, id, 'EXIT', 30_000);
    const long = await cluster.command('bjobs', ['-l', String(id)]);
    expect(long.stdout.replace(/\s/g, '')).toContain(
      'TERM_MEMLIMIT:jobkilledafterreachingLSFmemoryusagelimit.',
    );
  }, 40_000);

  it("refuses at submit a -M over the queue's MEMLIMIT", async () => {
    const result = await cluster.command('bsub', ['-M', '2000', 'true']);
    expect(result.stderr).toBe(
      "MEMLIMIT: Cannot exceed queue's hard limit(s). Job not submitted.\n",
    );
    expect(result.code).toBe(255);
  });

  it('keeps a -b job pending with the start time as its reason', async () => {
    if (Date.now() < beginAtMs - 2000) {
      expect(await pendReasons(cluster, begins)).toBe('The job has a specified start time;');
    }
  });

  it('starts the -b job at its begin time, not before', async () => {
    await waitForState(cluster, begins, 'DONE', 90_000);
    const long = await cluster.command('bjobs', ['-l', String(begins)]);
    expect(long.stdout).toContain('Done successfully.');
    const [row] = await jobRows(cluster, ['-a', String(begins)]);
    expect(row.state).toBe('DONE');
    expect(Date.now()).toBeGreaterThanOrEqual(beginAtMs);
  }, 100_000);

  it('terminates a job at its -W run limit and bjobs -l says why', async () => {
    await waitForState(cluster, runLimited, 'EXIT', 90_000);
    const long = await cluster.command('bjobs', ['-l', String(runLimited)]);
    expect(long.stdout.replace(/\s/g, '')).toContain(
      'TERM_RUNLIMIT:jobkilledafterreachingLSFruntimelimit.',
    );
  }, 100_000);
});
