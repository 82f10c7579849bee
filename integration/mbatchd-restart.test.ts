import fs from 'node:fs';
import path from 'node:path';
import { execHostOf, longJob, stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobPids, jobProcesses, settledJobPids } from './harness/job-processes';
import { waitFor } from './harness/processes';

/**
 * Gate C2 of the MVP checklist: mbatchd is stopped (SIGTERM, then kill -9) while jobs are
 * pending, held, running and finished, and started again. Every job keeps its state, running
 * jobs are never interrupted, a job that ended meanwhile gets its real exit code, and no job
 * runs twice, also when mbatchd dies between a dispatch decision and the start on the host.
 */
describe('gate C2: mbatchd restart', () => {
  const cluster = new TestCluster({
    hosts: 3,
    maxJobsPerHost: 2,
    lsbParams: {
      MBD_SLEEP_TIME: 0.2,
      SBD_HEARTBEAT_INTERVAL: 0.5,
      SBD_HEARTBEAT_MISS_COUNT: 3,
      JOB_TERMINATE_INTERVAL: 1,
      RECONNECT_BACKOFF_MAX: 1,
    },
  });
  const [master, second, third] = cluster.hosts;
  const runs = path.join(cluster.dir, 'runs');

  beforeAll(async () => {
    await cluster.startAll();
    // Jobs asked for the master host stay pending: it is closed.
    expect((await cluster.command('badmin', ['hclose', master.name])).code).toBe(0);
  }, 60_000);
  afterAll(() => cluster.teardown());

  /** A job that notes each start of its own in the runs file, then runs the command. */
  const noting = (command: string): string[] => [
    '-o',
    '/dev/null',
    'sh',
    '-c',
    `echo $LSB_JOBID >> ${runs}; ${command}`,
  ];

  function startsOf(id: number): number {
    const lines = fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n') : [];
    return lines.filter((line) => line === String(id)).length;
  }

  async function restartMbatchd(signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}) {
    await cluster.stop('mbatchd', master, signal);
    cluster.start('mbatchd', master, env);
    await waitFor('mbatchd back', async () => (await cluster.command('bjobs', ['-a'])).code === 0);
  }

  async function running(id: number): Promise<number[]> {
    await waitForState(cluster, id, 'RUN');
    return settledJobPids(cluster, id);
  }

  it.each<NodeJS.Signals>(['SIGTERM', 'SIGKILL'])(
    'after %s every job keeps its state, and one that ended meanwhile gets its exit code',
    async (signal) => {
      const flag = path.join(cluster.dir, `end-${signal}`);
      const pending = await submit(cluster, ['-m', master.name, ...noting('true')]);
      const held = await submit(cluster, ['-H', ...noting('true')]);
      const done = await submit(cluster, noting('true'));
      const failed = await submit(cluster, noting('exit 3'));
      const longs = [
        await submit(cluster, ['-m', second.name, ...noting('sleep 300')]),
        await submit(cluster, ['-m', third.name, ...noting('sleep 300')]),
      ];
      const ending = await submit(cluster, [
        '-m',
        third.name,
        ...noting(`while [ ! -e ${flag} ]; do sleep 0.1; done; exit 5`),
      ]);
      await waitForState(cluster, done, 'DONE');
      await waitForState(cluster, failed, 'EXIT');
      const pids = new Map<number, number[]>();
      for (const id of [...longs, ending]) {
        pids.set(id, await running(id));
      }
      const hosts = [await execHostOf(cluster, longs[0]), await execHostOf(cluster, longs[1])];

      const logSizes = cluster.hosts.map((host) => cluster.logLines('sbatchd', host).length);
      await cluster.stop('mbatchd', master, signal);
      fs.writeFileSync(flag, '');
      await waitFor('the ending job gone', async () => jobProcesses(cluster, ending).length === 0);
      cluster.start('mbatchd', master);
      await waitFor(
        'mbatchd back',
        async () => (await cluster.command('bjobs', ['-a'])).code === 0,
      );

      await waitForState(cluster, ending, 'EXIT');
      expect(await longJob(cluster, ending)).toContain('Exited with exit code 5.');
      expect(await stateOf(cluster, pending)).toBe('PEND');
      expect(await stateOf(cluster, held)).toBe('PSUSP');
      expect(await stateOf(cluster, done)).toBe('DONE');
      expect(await stateOf(cluster, failed)).toBe('EXIT');
      expect(await longJob(cluster, failed)).toContain('Exited with exit code 3.');
      await cluster.waitForHosts([second, third], 'ok');
      for (const [index, id] of longs.entries()) {
        expect(await stateOf(cluster, id)).toBe('RUN');
        expect(await execHostOf(cluster, id)).toBe(hosts[index]);
        expect(jobPids(cluster, id)).toEqual(pids.get(id));
      }
      for (const id of [done, failed, ...longs, ending]) {
        expect(startsOf(id)).toBe(1);
      }

      // Each sbatchd came back with one registration after a few spaced-out retries.
      for (const [index, host] of cluster.hosts.entries()) {
        const lines = cluster.logLines('sbatchd', host).slice(logSizes[index]);
        const connects = lines.filter((line) => line.message === 'connected to mbatchd');
        const retries = lines.filter((line) => line.message === 'mbatchd connect retry');
        expect(connects).toHaveLength(1);
        expect(retries.length).toBeLessThanOrEqual(10);
      }
      expect(startsOf(pending) + startsOf(held)).toBe(0);

      await cluster.command('bkill', [pending, held, ...longs].map(String));
      for (const id of longs) {
        await waitForState(cluster, id, 'EXIT');
        await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
      }
    },
    60_000,
  );

  it('after a restart, jobs of a host whose sbatchd stays away turn UNKWN, then RUN when it is back', async () => {
    const id = await submit(cluster, ['-m', third.name, ...noting('sleep 300')]);
    const pids = await running(id);

    await cluster.stop('sbatchd', third);
    await restartMbatchd('SIGKILL');
    await waitForState(cluster, id, 'UNKWN');
    expect((await cluster.hostStatus()).get(third.name)).toBe('unreach');

    cluster.start('sbatchd', third);
    await waitForState(cluster, id, 'RUN');
    expect(jobPids(cluster, id)).toEqual(pids);
    expect(startsOf(id)).toBe(1);
    await cluster.command('bkill', [String(id)]);
    await waitForState(cluster, id, 'EXIT');
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('a crash between the dispatch decision and the start runs the job exactly once', async () => {
    const id = await submit(cluster, ['-H', '-m', second.name, ...noting('sleep 300')]);
    await restartMbatchd('SIGTERM', { LAVALITE_FAULT: 'crash-after-dispatch' });

    // The release leads to a dispatch, and mbatchd dies once it has recorded it.
    await cluster.command('bresume', [String(id)]);
    await waitFor('mbatchd crashed', async () => !cluster.daemon('mbatchd', master).running);
    const crash = cluster
      .logLines('mbatchd', master)
      .filter((line) => line.message === 'fault injected: crash after dispatch');
    expect(crash.map((line) => line.job_id)).toEqual([id]);
    expect(startsOf(id)).toBe(0);
    expect(jobProcesses(cluster, id)).toEqual([]);

    cluster.start('mbatchd', master);
    const pids = await running(id);
    expect(await execHostOf(cluster, id)).toBe(second.name);
    await waitFor('the start noted', async () => startsOf(id) === 1);

    // Restarting again re-adopts the running attempt: still one start.
    await restartMbatchd('SIGKILL');
    await cluster.waitForHosts([second], 'ok');
    expect(await stateOf(cluster, id)).toBe('RUN');
    expect(startsOf(id)).toBe(1);
    expect(jobPids(cluster, id)).toEqual(pids);

    await cluster.command('bkill', [String(id)]);
    await waitForState(cluster, id, 'EXIT');
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('badmin mbdrestart restarts mbatchd in its process, rereading the files', async () => {
    const queuesFile = path.join(cluster.envDir, 'lsb.queues');
    const queues = fs.readFileSync(queuesFile, 'utf8');
    const restarts = (): number =>
      cluster.logLines('mbatchd', master).filter((line) => line.message === 'daemon restarting')
        .length;
    const held = await submit(cluster, ['-H', ...noting('true')]);
    const long = await submit(cluster, ['-m', second.name, ...noting('sleep 300')]);
    const pids = await running(long);
    const mbatchdPid = cluster.daemon('mbatchd', master).pid;

    try {
      fs.writeFileSync(queuesFile, `${queues}Begin Queue\nQUEUE_NAME = later\nEnd Queue\n`);
      const restarted = await cluster.command('badmin', ['mbdrestart', '-f']);
      expect(restarted).toMatchObject({ code: 0, stdout: 'MBD restart initiated\n' });
      await waitFor('mbatchd restarted', async () => restarts() === 1);
      await waitFor('the new queue', async () =>
        (await cluster.command('bqueues', ['later'])).stdout.includes('later'),
      );
      expect(cluster.daemon('mbatchd', master).pid).toBe(mbatchdPid);
      await cluster.waitForHosts([second], 'ok');
      expect(await stateOf(cluster, held)).toBe('PSUSP');
      expect(await stateOf(cluster, long)).toBe('RUN');
      expect(jobPids(cluster, long)).toEqual(pids);
      expect(startsOf(long)).toBe(1);

      // Without the queue a pending job is in, the restart is refused and nothing changes.
      const waiting = await submit(cluster, ['-q', 'later', '-H', ...noting('true')]);
      fs.writeFileSync(queuesFile, queues);
      const refused = await cluster.command('badmin', ['mbdrestart']);
      expect(refused).toEqual({
        code: 255,
        stdout: '',
        stderr:
          '\nChecking configuration files ...\n\nThere are fatal errors.\n\n' +
          `queue later of job ${waiting} is gone\n`,
      });
      expect(restarts()).toBe(1);
      expect(await stateOf(cluster, waiting)).toBe('PSUSP');
      await cluster.command('bkill', [String(waiting)]);

      // A typo in a batch file is mbatchd's to report; the users' commands read lsf.conf and
      // the cluster file only, and go on working.
      const typo = `Begin Queue\nQUEUE_NAME = bad\nPRIORITY = abc\nEnd Queue\n`;
      fs.writeFileSync(queuesFile, `${queues}${typo}`);
      const broken = await cluster.command('badmin', ['mbdrestart']);
      expect(broken).toMatchObject({ code: 255, stdout: '' });
      expect(broken.stderr).toMatch(
        /^\nChecking configuration files \.\.\.\n\nThere are fatal errors\.\n\n.*lsb\.queues:\d+: /,
      );
      expect(restarts()).toBe(1);
      expect((await cluster.command('bjobs', [String(long)])).code).toBe(0);
      expect((await cluster.command('bparams', [])).stderr).toContain('lsb.queues');
    } finally {
      fs.writeFileSync(queuesFile, queues);
    }

    await cluster.command('bkill', [String(long)]);
    await waitForState(cluster, long, 'EXIT');
  }, 60_000);
});
