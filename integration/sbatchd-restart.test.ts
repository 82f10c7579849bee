import fs from 'node:fs';
import path from 'node:path';
import { longJob, stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobOwnProcesses, jobPids, jobProcesses, settledJobPids } from './harness/job-processes';
import { waitFor } from './harness/processes';

/**
 * Gate C1 of the MVP checklist: sbatchd on an execution host is restarted (SIGTERM, then
 * kill -9) while its jobs run. The jobs live on under their shepherds, mbatchd sees one
 * disconnect and one registration, and a job that ended while sbatchd was down is reported
 * with its real exit code once sbatchd is back.
 */
describe('gate C1: sbatchd restart on an execution host', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: {
      MBD_SLEEP_TIME: 0.2,
      SBD_HEARTBEAT_INTERVAL: 0.5,
      SBD_HEARTBEAT_MISS_COUNT: 3,
      JOB_TERMINATE_INTERVAL: 1,
      RECONNECT_BACKOFF_MAX: 1,
    },
  });
  const execHost = cluster.hosts[1];
  /** Every job here runs on the execution host, its output dropped. */
  const target = ['-m', execHost.name, '-o', '/dev/null'];

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

  const count = (lines: Array<Record<string, unknown>>, message: string): number =>
    lines.filter((line) => line.message === message && line.host === execHost.name).length;

  it.each<NodeJS.Signals>(['SIGTERM', 'SIGKILL'])(
    'after %s the jobs keep running and one that ended meanwhile shows its exit code',
    async (signal) => {
      const flag = path.join(cluster.dir, `end-${signal}`);
      const long = await submit(cluster, [...target, 'sleep', '300']);
      const ending = await submit(cluster, [
        ...target,
        'sh',
        '-c',
        `while [ ! -e ${flag} ]; do sleep 0.1; done; exit 7`,
      ]);
      await waitForState(cluster, long, 'RUN');
      const pidsBefore = await settledJobPids(cluster, long);
      await waitForState(cluster, ending, 'RUN');
      await waitFor(
        'the ending job running',
        async () => jobOwnProcesses(cluster, ending).length > 0,
      );
      const mbatchdBefore = cluster.logLines('mbatchd', cluster.master);

      await cluster.stop('sbatchd', execHost, signal);
      // mbatchd noticed at once: the host takes no new job.
      await cluster.waitForHosts([execHost], 'unreach');
      fs.writeFileSync(flag, '');
      await waitFor('the ending job gone', async () => jobProcesses(cluster, ending).length === 0);
      expect(['RUN', 'UNKWN']).toContain(await stateOf(cluster, long));

      const sbatchdBefore = cluster.logLines('sbatchd', execHost).length;
      cluster.start('sbatchd', execHost);
      await waitForState(cluster, ending, 'EXIT');
      expect(await longJob(cluster, ending)).toContain('Exited with exit code 7.');
      await cluster.waitForHosts([execHost], 'ok');
      expect(await stateOf(cluster, long)).toBe('RUN');
      expect(jobPids(cluster, long)).toEqual(pidsBefore);

      // One disconnect and one registration, and the new sbatchd connected without retrying.
      const mbatchdAfter = cluster.logLines('mbatchd', cluster.master).slice(mbatchdBefore.length);
      expect(count(mbatchdAfter, 'sbatchd disconnected')).toBe(1);
      expect(count(mbatchdAfter, 'sbatchd registered')).toBe(1);
      const sbatchdAfter = cluster.logLines('sbatchd', execHost).slice(sbatchdBefore);
      expect(sbatchdAfter.filter((line) => line.message === 'connected to mbatchd')).toHaveLength(
        1,
      );
      expect(
        sbatchdAfter.filter((line) => line.message === 'mbatchd connect retry').length,
      ).toBeLessThanOrEqual(1);

      expect((await cluster.command('bkill', [String(long)])).code).toBe(0);
      await waitForState(cluster, long, 'EXIT');
      await waitFor('no process left', async () => jobProcesses(cluster, long).length === 0);
    },
    60_000,
  );

  it('a job that ended while its host was UNKWN reads in order in bhist -l', async () => {
    const flag = path.join(cluster.dir, 'end-unknown');
    const script = `while [ ! -e ${flag} ]; do sleep 0.1; done; exit 4`;
    const ending = await submit(cluster, [...target, 'sh', '-c', script]);
    await waitForState(cluster, ending, 'RUN');
    await waitFor('the job process', async () => jobOwnProcesses(cluster, ending).length > 0);

    await cluster.stop('sbatchd', execHost, 'SIGKILL');
    await waitForState(cluster, ending, 'UNKWN', 20_000);
    fs.writeFileSync(flag, '');
    await waitFor('the job gone', async () => jobProcesses(cluster, ending).length === 0);
    cluster.start('sbatchd', execHost);
    await waitForState(cluster, ending, 'EXIT');

    const history = (await cluster.command('bhist', ['-l', String(ending)])).stdout;
    const stamped = history
      .split('\n')
      .map((line) => /^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d): (.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({
        ms: Date.parse(`${match[1]} ${new Date().getFullYear()}`),
        text: match[2],
      }));
    const unknown = stamped.findIndex((line) => line.text.startsWith('Unknown'));
    const exited = stamped.findIndex((line) => line.text.startsWith('Exited with exit code 4'));
    expect(unknown).toBeGreaterThan(0);
    expect(exited).toBeGreaterThan(unknown);
    const times = stamped.map((line) => line.ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 60_000);

  it('badmin hrestart restarts sbatchd in its process and the jobs run on', async () => {
    const long = await submit(cluster, [...target, 'sleep', '300']);
    await waitForState(cluster, long, 'RUN');
    const pids = await settledJobPids(cluster, long);
    const sbatchdPid = cluster.daemon('sbatchd', execHost).pid;
    const restarts = (): number =>
      cluster.logLines('sbatchd', execHost).filter((line) => line.message === 'daemon restarting')
        .length;
    const registrations = (): number =>
      count(cluster.logLines('mbatchd', cluster.master), 'sbatchd registered');
    const registered = registrations();

    const restarted = await cluster.command('badmin', ['hrestart', execHost.name]);
    expect(restarted).toEqual({
      code: 0,
      stdout: '',
      stderr: `Restart slave batch daemon on <${execHost.name}> ...... done\n`,
    });
    await waitFor(
      'sbatchd restarted and registered',
      async () => restarts() === 1 && registrations() === registered + 1,
    );
    expect(cluster.daemon('sbatchd', execHost).pid).toBe(sbatchdPid);
    await cluster.waitForHosts([execHost], 'ok');
    expect(await stateOf(cluster, long)).toBe('RUN');
    expect(jobPids(cluster, long)).toEqual(pids);

    const unknown = await cluster.command('badmin', ['hrestart', 'nosuchhost']);
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toMatch(/^Restart slave batch daemon on <nosuchhost> \.\.\.\.\.\. /);
    expect(restarts()).toBe(1);

    expect((await cluster.command('bkill', [String(long)])).code).toBe(0);
    await waitForState(cluster, long, 'EXIT');
  }, 60_000);
});
