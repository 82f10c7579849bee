import { stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobRows, pendReasons } from './harness/job-rows';
import { waitFor } from './harness/processes';

/** bmod, btop, bbot, bswitch and brequeue on two hosts of one slot each. */
describe('changing submitted jobs on two hosts', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
    lsbHosts: ['Begin Host', 'HOST_NAME  MXJ', 'default    1', 'End Host', ''].join('\n'),
    lsbQueues: [
      'Begin Queue',
      'QUEUE_NAME = normal',
      'PRIORITY = 30',
      'End Queue',
      '',
      'Begin Queue',
      'QUEUE_NAME = other',
      'PRIORITY = 10',
      'End Queue',
      '',
    ].join('\n'),
  });
  const names = cluster.hosts.map((host) => host.name);

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());
  afterEach(async () => {
    await cluster.command('badmin', ['hopen', ...names]);
    await cluster.command('bkill', ['-u', 'all', '0']);
    await waitFor('no unfinished job', async () => (await jobRows(cluster, [])).length === 0);
  });

  it('bmod changes a pending job and refuses what bsub would refuse', async () => {
    const id = await submit(cluster, ['-H', 'true']);
    const changed = await cluster.command('bmod', ['-R', 'rusage[mem=100000000]', String(id)]);
    expect(changed.stdout).toBe(`Parameters of job <${id}> are being changed\n`);
    await cluster.command('bresume', [String(id)]);
    await waitFor(
      'resource reason',
      async () =>
        (await pendReasons(cluster, id)) ===
          "Job's resource requirements not satisfied: 2 hosts;" || null,
    );

    const bad = await cluster.command('bmod', ['-R', 'select[nosuch>1]', String(id)]);
    expect(bad.stderr).toBe(`Job <${id}>: Bad resource requirement syntax\n`);
    expect(bad.code).toBe(255);

    expect((await cluster.command('bmod', ['-Rn', String(id)])).code).toBe(0);
    await waitForState(cluster, id, 'DONE');

    const running = await submit(cluster, ['sleep', '60']);
    await waitForState(cluster, running, 'RUN');
    const late = await cluster.command('bmod', ['-W', '5', String(running)]);
    expect(late.stderr).toBe(
      `Job <${running}>: Job parameters cannot be changed now; non-repetitive job is running\n`,
    );
  }, 40_000);

  it('btop and bbot reorder pending jobs, and the first one runs first', async () => {
    await cluster.command('badmin', ['hclose', ...names]);
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await submit(cluster, ['sleep', '60']));
    }
    const top = await cluster.command('btop', [String(ids[2])]);
    expect(top.stdout).toBe(`Job <${ids[2]}> has been moved to position 1 from top.\n`);
    const bottom = await cluster.command('bbot', [String(ids[0])]);
    expect(bottom.stdout).toBe(`Job <${ids[0]}> has been moved to position 1 from bottom.\n`);
    expect((await jobRows(cluster, ['-p'])).map((row) => Number(row.id))).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);

    await cluster.command('badmin', ['hopen', names[0]]);
    await waitForState(cluster, ids[2], 'RUN');
    expect(await stateOf(cluster, ids[1])).toBe('PEND');
    expect(await stateOf(cluster, ids[0])).toBe('PEND');

    const started = await cluster.command('btop', [String(ids[2])]);
    expect(started.stderr).toBe(`Job <${ids[2]}>: Job has already started\n`);
  }, 40_000);

  it('bswitch moves jobs to another queue and refuses an unknown one', async () => {
    const id = await submit(cluster, ['-H', 'true']);
    const switched = await cluster.command('bswitch', ['other', String(id)]);
    expect(switched.stdout).toBe(`Job <${id}> is switched to queue <other>\n`);
    expect((await jobRows(cluster, [String(id)]))[0].queue).toBe('other');

    const unknown = await cluster.command('bswitch', ['nosuch', String(id)]);
    expect(unknown.stderr).toBe('nosuch: No such queue\n');
    expect(unknown.code).toBe(255);
  }, 30_000);

  it('brequeue puts a running job back to pending under its id, held with -H', async () => {
    const id = await submit(cluster, ['sleep', '60']);
    await waitForState(cluster, id, 'RUN');
    const requeued = await cluster.command('brequeue', ['-H', String(id)]);
    expect(requeued.stdout).toBe(`Job <${id}> is being requeued\n`);
    await waitForState(cluster, id, 'PSUSP');

    const pending = await cluster.command('brequeue', [String(id)]);
    expect(pending.stderr).toBe(`Job <${id}> : Job has not started yet\n`);

    await cluster.command('bresume', [String(id)]);
    await waitForState(cluster, id, 'RUN');
    const history = await cluster.command('bhist', ['-l', String(id)]);
    expect(history.code).toBe(0);
  }, 40_000);
});
