import os from 'node:os';
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
  const REQUEUED_LINE = 'Pending: Job has been requeued;';

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
    expect(bad.stderr).toBe('Bad resource requirement syntax. Job not modified.\n');
    expect(bad.code).toBe(255);
    expect((await cluster.command('bmod', ['-n', '1,2', String(id)])).code).toBe(0);
    const ranged = (await cluster.command('bjobs', ['-l', String(id)])).stdout;
    expect(ranged.replace(/\s/g, '')).toContain(',1-2ProcessorsRequested,');

    expect((await cluster.command('bmod', ['-Rn', String(id)])).code).toBe(0);
    await waitForState(cluster, id, 'DONE');

    // A running job takes new limits, which its host enforces at once; nothing else.
    const running = await submit(cluster, ['sleep', '60']);
    await waitForState(cluster, running, 'RUN');
    const late = await cluster.command('bmod', ['-q', 'other', String(running)]);
    expect(late.stderr).toBe(
      `Job <${running}>: Job parameters cannot be changed now; non-repetitive job is running\n`,
    );
    const limited = await cluster.command('bmod', ['-W', '5', '-M', '100', String(running)]);
    expect(limited).toMatchObject({
      code: 0,
      stdout: `Parameters of job <${running}> are being changed\n`,
    });
    expect((await cluster.command('bjobs', ['-l', String(running)])).stdout).toMatch(/RUNLIMIT/);
    // 100 KB is less than any process: the host ends the job for it.
    await waitForState(cluster, running, 'EXIT');
    const reason = await cluster.command('bjobs', [
      '-noheader',
      '-o',
      'exit_reason',
      String(running),
    ]);
    expect(reason.stdout).toMatch(/^TERM_MEMLIMIT/);
    expect(await historySentences(running)).toContainEqual(
      expect.stringMatching(/^Parameters are modified to: .*Run Limit/),
    );
  }, 40_000);

  it('bmod -q, -Z and -Jn change the queue, command and name; bhist -l lists each change', async () => {
    const user = os.userInfo().username;
    const id = await submit(cluster, ['-H', '-J', 'named', 'true']);
    const changed = await cluster.command('bmod', ['-q', 'other', '-Z', 'exit 4', String(id)]);
    expect(changed.stdout).toBe(`Parameters of job <${id}> are being changed\n`);
    expect((await cluster.command('bmod', ['-Jn', String(id)])).code).toBe(0);
    const shown = await cluster.command('bjobs', [
      '-noheader',
      '-o',
      'queue:8 job_name',
      String(id),
    ]);
    expect(shown.stdout).toBe('other    exit 4\n');

    const unknown = await cluster.command('bmod', ['-q', 'nosuch', String(id)]);
    expect(unknown.stderr).toBe('nosuch: No such queue. Job not modified.\n');
    expect(unknown.code).toBe(255);
    expect((await jobRows(cluster, [String(id)]))[0].queue).toBe('other');

    expect((await cluster.command('bswitch', ['normal', String(id)])).code).toBe(0);
    await cluster.command('bresume', [String(id)]);
    await waitForState(cluster, id, 'EXIT');
    const sentences = await historySentences(id);
    expect(sentences).toContain('Parameters are modified to: Command <exit 4>, Queue <other>;');
    expect(sentences).toContain('Parameters are modified to: Job Name <exit 4>;');
    expect(sentences).toContain(`Switched to Queue <normal> by user or administrator <${user}>;`);
    expect(sentences).toContainEqual(expect.stringMatching(/^Exited with exit code 4\./));
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
    const far = await cluster.command('btop', [String(ids[1]), '9']);
    expect(far).toEqual({
      code: 0,
      stdout: `Job <${ids[1]}> has been moved to position 3 from top.\n`,
      stderr: 'Warning: position value <9> is beyond movable range.\n',
    });
    await cluster.command('btop', [String(ids[1]), '2']);
    expect(await historySentences(ids[0])).toContain(
      `Job moved to position 1 relative to <bottom> by user or administrator ` +
        `<${os.userInfo().username}>;`,
    );
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
    // As in LSF: the request, how the killed run ended, the return to pending; no KILL line.
    const sentences = await historySentences(id);
    const back = sentences.indexOf(REQUEUED_LINE);
    expect(sentences.slice(back - 2, back)).toEqual([
      `Signal <REQUEUE_PSUSP> requested by user or administrator <${os.userInfo().username}>;`,
      expect.stringMatching(/^Exited (with exit code|by signal) \d+\.$/),
    ]);
    expect(sentences.filter((sentence) => sentence.startsWith('Signal <KILL>'))).toEqual([]);
  }, 40_000);

  /** What each event of `bhist -l` says, without its stamp, continuation lines joined. */
  async function historySentences(id: number): Promise<string[]> {
    const history = await cluster.command('bhist', ['-l', String(id)]);
    const stamp = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d: /;
    return history.stdout
      .replace(/\n {21}/g, '')
      .split('\n')
      .filter((line) => stamp.test(line))
      .map((line) => line.replace(stamp, '').replace(/ The CPU time used is .*$/, ''));
  }

  /** The sentences, each cut to its first word but for how runs ended and what held them. */
  async function historyGist(id: number): Promise<string[]> {
    const whole = /^(Exited|Completed|Pending|The job)/;
    return (await historySentences(id)).map((text) =>
      whole.test(text) ? text : text.split(/[ .:;]/)[0],
    );
  }

  it('brequeue -d, -e put finished jobs back to pending, their runs kept in bhist', async () => {
    // Each run lasts long enough for sbatchd to report its start before its end.
    const done = await submit(cluster, ['sleep', '1']);
    const failed = await submit(cluster, ['sh', '-c', 'sleep 1; exit 3']);
    await waitForState(cluster, done, 'DONE');
    await waitForState(cluster, failed, 'EXIT');

    const refused = await cluster.command('brequeue', [String(done), String(failed)]);
    expect(refused).toMatchObject({
      stdout: '',
      stderr:
        `Job <${done}> : Job has already finished\n` +
        `Job <${failed}> : Job has already finished\n`,
      code: 255,
    });
    const crossed = await cluster.command('brequeue', ['-e', String(done)]);
    expect(crossed).toMatchObject({
      stderr: `Job <${done}> : Job has already finished\n`,
      code: 255,
    });
    expect(await stateOf(cluster, done)).toBe('DONE');

    await cluster.command('badmin', ['hclose', ...names]);
    const requeued = await cluster.command('brequeue', ['-d', String(done)]);
    expect(requeued).toMatchObject({
      stdout: `Job <${done}> is being requeued\n`,
      stderr: '',
      code: 0,
    });
    expect(await stateOf(cluster, done)).toBe('PEND');
    const hold = await cluster.command('brequeue', ['-e', '-H', String(failed)]);
    expect(hold).toMatchObject({ stdout: `Job <${failed}> is being requeued\n`, code: 0 });
    expect(await stateOf(cluster, failed)).toBe('PSUSP');

    await cluster.command('badmin', ['hopen', ...names]);
    await waitForState(cluster, done, 'DONE');
    const run = ['Dispatched', 'Starting', 'Running'];
    const requeueLines = ['Signal', REQUEUED_LINE];
    expect(await historyGist(done)).toEqual([
      'Submitted',
      ...run,
      'Done',
      ...requeueLines,
      ...run,
      'Done',
    ]);

    await cluster.command('bresume', [String(failed)]);
    await waitForState(cluster, failed, 'EXIT');
    const exited = [...run, 'Exited with exit code 3.', 'Completed <exit>;'];
    const held = ['The job was suspended by the user while pending;', 'Signal', 'Waiting'];
    expect(await historyGist(failed)).toEqual([
      'Submitted',
      ...exited,
      ...requeueLines,
      ...held,
      ...exited,
    ]);
  }, 60_000);

  it('brequeue -J takes the newest matching job, 0 every one, or says none matches', async () => {
    const older = await submit(cluster, ['-J', 'again', 'sleep', '1']);
    const newer = await submit(cluster, ['-J', 'again', 'sleep', '1']);
    await waitForState(cluster, older, 'DONE');
    await waitForState(cluster, newer, 'DONE');
    await cluster.command('badmin', ['hclose', ...names]);

    const newest = await cluster.command('brequeue', ['-d', '-J', 'again']);
    expect(newest).toMatchObject({ stdout: `Job <${newer}> is being requeued\n`, code: 0 });
    expect(await stateOf(cluster, older)).toBe('DONE');
    const unfinished = await cluster.command('brequeue', ['-J', 'nosuch']);
    expect(unfinished).toMatchObject({
      stdout: '',
      stderr: 'Job <nosuch> is not found\n',
      code: 255,
    });

    const every = await cluster.command('brequeue', ['-a', '-H', '-J', 'again', '0']);
    expect(every).toMatchObject({
      stdout: `Job <${older}> is being requeued\n`,
      stderr: `Job <${newer}> : Job has not started yet\n`,
      code: 255,
    });
    expect(await stateOf(cluster, older)).toBe('PSUSP');
  }, 40_000);

  it('brequeue -a takes a running job, and -d alone leaves it running', async () => {
    const id = await submit(cluster, ['sleep', '60']);
    await waitForState(cluster, id, 'RUN');

    const onlyDone = await cluster.command('brequeue', ['-d', String(id)]);
    expect(onlyDone).toMatchObject({
      stdout: '',
      stderr: `Job <${id}> : Job has already started\n`,
      code: 255,
    });
    expect(await stateOf(cluster, id)).toBe('RUN');

    const all = await cluster.command('brequeue', ['-a', String(id)]);
    expect(all).toMatchObject({ stdout: `Job <${id}> is being requeued\n`, code: 0 });
    await waitFor('requeued in bhist', async () =>
      (await historySentences(id)).includes('Pending: Job has been requeued;'),
    );
  }, 40_000);
});
