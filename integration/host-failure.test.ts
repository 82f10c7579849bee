import fs from 'node:fs';
import path from 'node:path';
import { execHostOf, longJob, stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobOwnProcesses, jobProcesses } from './harness/job-processes';
import { waitFor } from './harness/processes';

/**
 * Jobs of a host that is lost and may come back: `bkill -r` and `bkill -d`, and rerunnable jobs
 * (`bsub -r`, queue RERUNNABLE). The isolated host's link is cut for longer than both the
 * batch heartbeat timeout and lim's inactivity limit, so the host counts as failed.
 */
describe('jobs of a failed host', () => {
  const cluster = new TestCluster({
    hosts: 3,
    isolatedHost: 2,
    exchangeIntervalSec: 0.5,
    hostInactivityLimit: 4,
    maxJobsPerHost: 4,
    lsbParams: {
      MBD_SLEEP_TIME: 0.2,
      SBD_HEARTBEAT_INTERVAL: 0.5,
      SBD_HEARTBEAT_MISS_COUNT: 3,
      JOB_TERMINATE_INTERVAL: 1,
      RECONNECT_BACKOFF_MAX: 1,
    },
    lsbQueues: [
      ...['Begin Queue', 'QUEUE_NAME = normal', 'PRIORITY = 30', 'End Queue', ''],
      ...['Begin Queue', 'QUEUE_NAME = rerun', 'RERUNNABLE = yes', 'End Queue', ''],
    ].join('\n'),
  });
  const [master, peer, cut] = cluster.hosts;
  const runs = path.join(cluster.dir, 'runs');

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

  /** Each run appends `<job id> <LSB_RESTART or N>` to the runs file, then runs `command`. */
  const noting = (command: string): string[] => [
    '-o',
    '/dev/null',
    'sh',
    '-c',
    `echo "$LSB_JOBID \${LSB_RESTART:-N}" >> ${runs}; ${command}`,
  ];

  function runsOf(id: number): string[] {
    const lines = fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n') : [];
    return lines.filter((line) => line.startsWith(`${id} `));
  }

  async function running(id: number): Promise<void> {
    await waitForState(cluster, id, 'RUN');
    await waitFor(`job ${id} processes`, async () => jobOwnProcesses(cluster, id).length > 0);
  }

  /** Submits while the other hosts are closed, so that the jobs start on the cut-off host. */
  async function submitToCut(jobs: string[][]): Promise<number[]> {
    const others = [master.name, peer.name];
    expect((await cluster.command('badmin', ['hclose', ...others])).code).toBe(0);
    const ids: number[] = [];
    for (const args of jobs) {
      ids.push(await submit(cluster, args));
    }
    for (const id of ids) {
      await running(id);
      expect(jobOwnProcesses(cluster, id).map((p) => p.host)).toContain(cut.name);
    }
    expect((await cluster.command('badmin', ['hopen', ...others])).code).toBe(0);
    return ids;
  }

  it('bkill -r ends a running job at once, its host kills it; bkill -d records DONE', async () => {
    const removed = await submit(cluster, ['-m', peer.name, ...noting('sleep 300')]);
    const done = await submit(cluster, ['-m', peer.name, ...noting('sleep 300')]);
    await running(removed);
    await running(done);

    const reply = await cluster.command('bkill', ['-r', String(removed)]);
    expect(reply.stdout).toBe(`Job <${removed}> is being terminated\n`);
    expect(await stateOf(cluster, removed)).toBe('EXIT');
    expect(await longJob(cluster, removed)).toContain(
      'Completed <exit>; TERM_FORCE_OWNER: job killed by owner without time for cleanup.',
    );
    const history = await cluster.command('bhist', ['-l', String(removed)]);
    expect(history.stdout.replace(/\n {21}/g, '')).toContain('Exited; job has been forced to exit');
    await waitFor('the removed job gone', async () => jobProcesses(cluster, removed).length === 0);

    expect((await cluster.command('bkill', ['-d', String(done)])).code).toBe(0);
    await waitForState(cluster, done, 'DONE');
    await waitFor('the killed job gone', async () => jobProcesses(cluster, done).length === 0);

    // The host's report of the removed job's end changed nothing.
    expect(await stateOf(cluster, removed)).toBe('EXIT');
    const again = await cluster.command('bkill', ['-r', String(removed)]);
    expect(again.stderr).toBe(`Job <${removed}>: Job has already finished\n`);
  }, 60_000);

  it('reruns a rerunnable job elsewhere, kills its stale run when the host is back', async () => {
    const flag = path.join(cluster.dir, 'rerun-end');
    const wait = `while [ ! -e ${flag} ]; do sleep 0.1; done; [ "$LSB_RESTART" = Y ] || exit 5`;
    const [byOption, byQueue, plain] = await submitToCut([
      ['-r', ...noting(wait)],
      ['-q', 'rerun', ...noting(wait)],
      noting(wait),
    ]);
    expect(await longJob(cluster, byOption)).toContain('Re-runnable');

    cluster.cutLink();
    await cluster.waitForHosts([cut], 'unavail', 20_000);
    for (const id of [byOption, byQueue]) {
      await waitForState(cluster, id, 'RUN', 20_000);
      expect(await execHostOf(cluster, id)).not.toBe(cut.name);
      await waitFor(`job ${id} rerun`, async () => runsOf(id).includes(`${id} Y`));
    }
    expect(await stateOf(cluster, plain)).toBe('UNKWN');

    // Back on the link, the old runs are killed; they are never taken for the jobs.
    cluster.restoreLink();
    await cluster.waitForHosts([cut], 'ok', 20_000);
    for (const id of [byOption, byQueue]) {
      await waitFor(
        `job ${id}'s stale run gone`,
        async () => !jobProcesses(cluster, id).some((p) => p.host === cut.name),
        20_000,
      );
      expect(await stateOf(cluster, id)).toBe('RUN');
    }
    await waitForState(cluster, plain, 'RUN');

    fs.writeFileSync(flag, '');
    for (const id of [byOption, byQueue]) {
      await waitForState(cluster, id, 'DONE');
      expect(runsOf(id)).toEqual([`${id} N`, `${id} Y`]);
      const history = await cluster.command('bhist', ['-l', String(id)]);
      expect(history.stdout.replace(/\n {21}/g, '')).toContain(
        'Exited; job will be requeued and rerun',
      );
    }
    await waitForState(cluster, plain, 'EXIT');
    expect(runsOf(plain)).toEqual([`${plain} N`]);
  }, 120_000);

  it('bkill -r clears an UNKWN job; the host coming back does not revive it', async () => {
    const [lost] = await submitToCut([noting('sleep 300')]);

    cluster.cutLink();
    await waitForState(cluster, lost, 'UNKWN', 20_000);
    const reply = await cluster.command('bkill', ['-r', String(lost)]);
    expect(reply.stdout).toBe(`Job <${lost}> is being terminated\n`);
    expect(await stateOf(cluster, lost)).toBe('EXIT');

    cluster.restoreLink();
    await cluster.waitForHosts([cut], 'ok', 20_000);
    await waitFor(
      'the lost job gone',
      async () => jobProcesses(cluster, lost).length === 0,
      20_000,
    );
    expect(await stateOf(cluster, lost)).toBe('EXIT');
    expect(await longJob(cluster, lost)).toContain('TERM_FORCE_OWNER');
    expect(runsOf(lost)).toHaveLength(1);
  }, 90_000);
});
