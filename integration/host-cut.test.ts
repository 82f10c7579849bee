import fs from 'node:fs';
import path from 'node:path';
import { execHostOf, longJob, stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobOwnProcesses, jobPids, jobProcesses, settledJobPids } from './harness/job-processes';
import { waitFor } from './harness/processes';

const HEARTBEAT_SEC = 0.5;
const MISS_COUNT = 3;

/**
 * An execution host cut off the network: its daemons run in their own network namespace and
 * the link is taken down for longer than the heartbeat timeout. mbatchd calls the host
 * unreachable and its jobs UNKWN and sends it no job; when the link returns the jobs are
 * reconciled, and nothing is lost or run twice.
 */
describe('a host cut off the network', () => {
  const cluster = new TestCluster({
    hosts: 3,
    isolatedHost: 2,
    // lim's own timeout is far longer than the batch heartbeat's, so the host is unreach
    // (lim up, sbatchd silent) rather than unavail during the cut.
    exchangeIntervalSec: 0.5,
    hostInactivityLimit: 60,
    lsbParams: {
      MBD_SLEEP_TIME: 0.2,
      SBD_HEARTBEAT_INTERVAL: HEARTBEAT_SEC,
      SBD_HEARTBEAT_MISS_COUNT: MISS_COUNT,
      JOB_TERMINATE_INTERVAL: 1,
      RECONNECT_BACKOFF_MAX: 1,
    },
  });
  const [, peer, cut] = cluster.hosts;
  const runs = path.join(cluster.dir, 'runs');

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

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

  async function running(id: number): Promise<number[]> {
    await waitForState(cluster, id, 'RUN');
    return settledJobPids(cluster, id);
  }

  it('shows the host unreach and its jobs UNKWN, then reconciles them when the link is back', async () => {
    const flag = path.join(cluster.dir, 'end');
    const onCut = ['-m', cut.name];
    const long = await submit(cluster, [...onCut, ...noting('sleep 300')]);
    const ending = await submit(cluster, [
      ...onCut,
      ...noting(`while [ ! -e ${flag} ]; do sleep 0.1; done; exit 9`),
    ]);
    const elsewhere = await submit(cluster, ['-m', peer.name, ...noting('sleep 300')]);
    const pids = await running(long);
    await running(ending);
    await running(elsewhere);
    expect(jobOwnProcesses(cluster, long).map((p) => p.host)).toContain(cut.name);

    cluster.cutLink();
    await cluster.waitForHosts([cut], 'unreach', 15_000);
    await waitForState(cluster, long, 'UNKWN');
    await waitForState(cluster, ending, 'UNKWN');
    expect(await stateOf(cluster, elsewhere)).toBe('RUN');

    // No new job goes to the cut host: the free one goes elsewhere, the one asking for it waits.
    const free = await submit(cluster, noting('true'));
    const asking = await submit(cluster, [...onCut, ...noting('true')]);
    await waitForState(cluster, free, 'DONE');
    expect(await execHostOf(cluster, free)).not.toBe(cut.name);
    expect(await stateOf(cluster, asking)).toBe('PEND');

    // A job ends on the cut host; its report waits on that side of the link.
    fs.writeFileSync(flag, '');
    await waitFor('the ending job gone', async () => jobProcesses(cluster, ending).length === 0);
    expect(await stateOf(cluster, ending)).toBe('UNKWN');

    cluster.restoreLink();
    await waitForState(cluster, ending, 'EXIT', 20_000);
    expect(await longJob(cluster, ending)).toContain('Exited with exit code 9.');
    await waitForState(cluster, long, 'RUN');
    expect(jobPids(cluster, long)).toEqual(pids);
    await waitForState(cluster, asking, 'DONE', 20_000);
    expect(await execHostOf(cluster, asking)).toBe(cut.name);
    await cluster.waitForHosts([cut], 'ok');

    for (const id of [long, ending, elsewhere, free, asking]) {
      expect(startsOf(id)).toBe(1);
    }
    const history = await cluster.command('bhist', ['-l', String(long)]);
    expect(history.stdout.replace(/\n {21}/g, '')).toMatch(
      /Unknown; unable to reach the execution host/,
    );

    await cluster.command('bkill', [String(long), String(elsewhere)]);
    for (const id of [long, elsewhere]) {
      await waitForState(cluster, id, 'EXIT');
      await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
    }
  }, 90_000);
});
