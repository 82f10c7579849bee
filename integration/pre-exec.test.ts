import fs from 'node:fs';
import path from 'node:path';
import { longJob, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { waitFor } from './harness/processes';

/**
 * bsub -E: the pre-execution command runs on the execution host, as the job would, before the
 * job. While it fails the job does not run and waits pending for another dispatch; exit 99
 * (LSB_EXIT_PRE_ABORT) ends the job instead. bsub -Ep: the post-execution command runs once the
 * job ended, and its end changes nothing of the job's.
 */
describe('pre- and post-execution commands (bsub -E, -Ep)', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

  const inCluster = (name: string): string => path.join(cluster.dir, name);

  it('keeps the job pending while the pre-exec fails, then runs it once it succeeds', async () => {
    const flag = inCluster('ready');
    const out = inCluster('gated.out');
    const id = await submit(cluster, ['-E', `test -e ${flag}`, '-o', out, 'echo job ran']);
    const pendingReason = async (): Promise<string> =>
      (await cluster.command('bjobs', ['-noheader', '-o', 'stat pend_reason', String(id)])).stdout;

    await waitFor('a failed pre-exec', async () =>
      (await pendingReason()).includes("The job's pre-exec command exited with non-zero status"),
    );
    expect(await pendingReason()).toMatch(/^PEND /);
    // Where bjobs -l wraps depends on the paths before, so the words are compared unwrapped.
    const long = (await longJob(cluster, id)).replace(/\s/g, '');
    expect(long).toContain(`Pre-executionCommand<test-e${flag}>`.replace(/\s/g, ''));

    fs.writeFileSync(flag, '');
    await waitForState(cluster, id, 'DONE');
    const output = fs.readFileSync(out, 'utf8');
    expect(output.startsWith('job ran\n')).toBe(true);
    expect(output.match(/Successfully completed\./g)).toHaveLength(1);
    const history = (await cluster.command('bhist', ['-l', String(id)])).stdout.replace(
      /\n {21}/g,
      '',
    );
    expect(history).toContain('Pre-execution command exited with exit code 1');
    expect(history).toContain("Pending: The job's pre-exec command exited with non-zero status");
  }, 60_000);

  it('ends the job without running it when the pre-exec exits 99', async () => {
    const out = inCluster('aborted.out');
    const id = await submit(cluster, ['-E', 'exit 99', '-o', out, 'echo never']);

    await waitForState(cluster, id, 'EXIT');
    const fields = await cluster.command('bjobs', [
      '-noheader',
      '-o',
      "exit_code exit_reason delimiter='|'",
      String(id),
    ]);
    expect(fields.stdout).toBe(
      '99|TERM_PREEXEC_FAIL: job killed after its pre-execution command failed\n',
    );
    expect(fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '').not.toContain('never');
  }, 60_000);

  it('takes -E from a #BSUB line; the pre-exec output stays out of the job output', async () => {
    const out = inCluster('scripted.out');
    const noted = inCluster('scripted.pre');
    const script = `#BSUB -E "echo pre $LSB_JOBID >${noted}; echo x"\n#BSUB -o ${out}\necho job\n`;
    const submitted = await cluster.command('bsub', [], script);
    const id = Number(/^Job <(\d+)>/.exec(submitted.stdout)?.[1]);

    await waitForState(cluster, id, 'DONE');
    expect(fs.readFileSync(noted, 'utf8')).toBe(`pre ${id}\n`);
    expect(fs.readFileSync(out, 'utf8').startsWith('job\n\n---')).toBe(true);
  }, 60_000);

  it('runs the post-exec after the job with its wait status, whatever it returns', async () => {
    const noted = inCluster('post.txt');
    const post = `echo "post $LSB_JOBEXIT_STAT in $PWD" >${noted}; exit 5`;
    const id = await submit(cluster, ['-Ep', post, '-o', '/dev/null', 'exit 2']);

    await waitForState(cluster, id, 'EXIT');
    expect(fs.readFileSync(noted, 'utf8')).toBe('post 512 in /tmp\n');
    const code = await cluster.command('bjobs', ['-noheader', '-o', 'exit_code', String(id)]);
    expect(code.stdout).toBe('2\n');
    const long = (await longJob(cluster, id)).replace(/\s/g, '');
    expect(long).toContain(`Post-executionCommand<${post}>`.replace(/\s/g, ''));
  }, 60_000);
});
