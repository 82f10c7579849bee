import fs from 'node:fs';
import path from 'node:path';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { pendReasons } from './harness/job-rows';
import { waitFor } from './harness/processes';

/**
 * Dependencies (`bsub -w`) on two hosts: jobs are released in the order their conditions
 * allow, a condition that can never hold says so, and waiting survives an mbatchd restart.
 */
describe('job dependencies on two hosts', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
  });
  const master = cluster.hosts[0];
  const order = path.join(cluster.dir, 'order.txt');

  function appends(word: string, seconds = 0): string[] {
    return ['sh', '-c', `sleep ${seconds}; echo ${word} >> ${order}`];
  }

  function reasonIs(id: number | string, text: string): Promise<true> {
    return waitFor(`reason ${text}`, async () => (await pendReasons(cluster, id)) === text || null);
  }

  beforeAll(async () => {
    await cluster.startAll();
  }, 60_000);

  afterAll(() => cluster.teardown());

  it('releases jobs in the order done(), exit() and ended() allow, by id and by name', async () => {
    const first = await submit(cluster, ['-J', 'stepA', ...appends('A', 2)]);
    const failing = await submit(cluster, ['-J', 'failing', 'sh', '-c', 'sleep 3; exit 3']);
    const second = await submit(cluster, ['-w', `done(${first})`, ...appends('B')]);
    const third = await submit(cluster, [
      '-w',
      `done(${second}) && exit(failing, ==3) && ended("stepA")`,
      ...appends('C'),
    ]);
    await reasonIs(third, 'Job dependency condition not satisfied;');

    await waitForState(cluster, third, 'DONE', 30_000);
    expect(fs.readFileSync(order, 'utf8')).toBe('A\nB\nC\n');
    expect(await waitForState(cluster, failing, 'EXIT')).toBe(true);
  }, 60_000);

  it('says a condition that can never hold is invalid or never satisfied', async () => {
    const failing = await submit(cluster, ['sh', '-c', 'exit 1']);
    await waitForState(cluster, failing, 'EXIT');
    const never = await submit(cluster, ['-w', `done(${failing}) || exit(${failing}, 2)`, 'true']);
    await reasonIs(never, 'Dependency condition invalid or never satisfied;');
    const negated = await submit(cluster, ['-w', `!done(${failing})`, 'true']);
    await waitForState(cluster, negated, 'DONE');
    await cluster.command('bkill', [String(never)]);
  }, 30_000);

  it("refuses a syntax error and an unknown job with LSF's messages", async () => {
    const syntax = await cluster.command('bsub', ['-w', 'done(1', 'true']);
    expect(syntax.stderr).toBe('done(1: Dependency condition syntax error. Job not submitted.\n');
    expect(syntax.code).toBe(255);
    const unknown = await cluster.command('bsub', ['-w', 'done(nosuchjob)', 'true']);
    expect(unknown.stderr).toBe('nosuchjob: No matching job found. Job not submitted.\n');
  });

  it('keeps waiting across an mbatchd restart and is released after it', async () => {
    const blocker = await submit(cluster, ['sleep', '5']);
    const waiting = await submit(cluster, ['-w', `ended(${blocker})`, 'true']);
    await reasonIs(waiting, 'Job dependency condition not satisfied;');

    await cluster.stop('mbatchd', master, 'SIGKILL');
    cluster.start('mbatchd', master);
    await waitFor('mbatchd back', async () => (await cluster.command('bjobs', ['-a'])).code === 0);
    await reasonIs(waiting, 'Job dependency condition not satisfied;');

    await waitForState(cluster, blocker, 'DONE', 30_000);
    await waitForState(cluster, waiting, 'DONE', 30_000);
  }, 60_000);

  it('depends on one element of an array', async () => {
    const array = await submit(cluster, ['-J', 'deps[1-3]', 'sh', '-c', 'sleep $LSB_JOBINDEX']);
    const after = await submit(cluster, ['-w', 'done(deps[1])', 'true']);
    await waitForState(cluster, after, 'DONE', 30_000);
    const row = await cluster.command('bjobs', ['-w', `${array}[3]`]);
    expect(row.stdout).toMatch(new RegExp(`^${array}\\[3\\]\\s+\\S+\\s+(RUN|PEND)\\s`, 'm'));
  }, 40_000);

  it("counts an array's elements with numdone() and numended(), as LSF does", async () => {
    // Element 3 ends last and fails: two done, then all three ended, never all three done.
    const script = 'sleep $LSB_JOBINDEX; [ $LSB_JOBINDEX -ne 3 ]';
    const array = await submit(cluster, ['-J', 'counted[1-3]', 'sh', '-c', script]);
    const twoDone = await submit(cluster, ['-w', `numdone(${array}, >= 2)`, ...appends('two')]);
    const allEnded = await submit(cluster, ['-w', `numended(${array}, *)`, ...appends('all')]);
    const allDone = await submit(cluster, ['-w', `numdone(${array}, *)`, 'true']);

    await waitForState(cluster, allEnded, 'DONE', 30_000);
    await waitForState(cluster, twoDone, 'DONE');
    expect(
      fs
        .readFileSync(order, 'utf8')
        .split('\n')
        .filter((w) => w === 'two' || w === 'all'),
    ).toEqual(['two', 'all']);
    await reasonIs(allDone, 'Dependency condition invalid or never satisfied;');
    await cluster.command('bkill', [String(allDone)]);
  }, 60_000);
});
