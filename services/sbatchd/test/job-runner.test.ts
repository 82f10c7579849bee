import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobReport } from '../src/domain/job-report';
import type { JobRunner } from '../src/job-runner';
import { isShepherdAlive } from '../src/domain/proc';
import {
  buildShepherd,
  commandOf,
  groupMembers,
  jobSpec,
  killLeftovers,
  openRunner,
  processState,
  removeTestDir,
  waitFor,
  type TestRunner,
} from './runner-harness';

jest.setTimeout(15_000);

let shepherd: string;
let dir: string;
const runners: JobRunner[] = [];

function open(pollIntervalMs?: number): TestRunner {
  const opened = openRunner(path.join(dir, 'work'), shepherd, pollIntervalMs);
  runners.push(opened.runner);
  return opened;
}

function finalOf(reports: JobReport[], jobId: number): JobReport | undefined {
  return reports.find((r) => r.jobId === jobId && (r.state === 'DONE' || r.state === 'EXIT'));
}

async function ended(reports: JobReport[], jobId: number): Promise<JobReport> {
  await waitFor(`job ${jobId} to end`, () => finalOf(reports, jobId) !== undefined);
  return finalOf(reports, jobId)!;
}

async function startOk(runner: JobRunner, jobId: number, command: string): Promise<number> {
  const outcome = await runner.start(jobSpec(dir, jobId, command));
  if (!outcome.ok) {
    throw new Error(outcome.error);
  }
  return outcome.pid;
}

/** Waits for a job's "ready" line, printed once its traps are set. */
async function trapsSet(jobId: number): Promise<void> {
  const output = path.join(dir, `${jobId}.out`);
  await waitFor(
    'the traps',
    () => fs.existsSync(output) && fs.readFileSync(output, 'utf8').includes('ready'),
  );
}

beforeAll(() => {
  shepherd = buildShepherd();
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-runner-'));
});

afterEach(() => {
  // A failed test must not leave its jobs running.
  for (const runner of runners.splice(0)) {
    killLeftovers(runner);
    runner.close();
  }
  removeTestDir(dir);
});

afterAll(() => {
  removeTestDir(path.dirname(shepherd));
});

/** What the job wrote to its output file, without the LSF job report that follows it. */
function jobOutput(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const report = text.indexOf(`\n${'-'.repeat(60)}\nSender: LSF System`);
  expect(report).toBeGreaterThanOrEqual(0);
  return text.slice(0, report);
}

describe('JobRunner with a real shepherd', () => {
  it('ends the output file with the job report, outcome two lines above the usage', async () => {
    const { runner, reports } = open();
    await startOk(runner, 31, 'echo out; exit 3');
    await startOk(runner, 32, 'sleep 0.3; head -c 30000000 /dev/zero | tail -c 1 >/dev/null');
    await ended(reports, 31);
    await ended(reports, 32);

    const failed = fs.readFileSync(path.join(dir, '31.out'), 'utf8').split('\n');
    const usage = failed.indexOf('Resource usage summary:');
    expect(failed[0]).toBe('out');
    expect(failed[usage - 2]).toBe('Exited with exit code 3.');
    expect(failed).toContain('Subject: Job 31: <job31> in cluster <testcluster> Exited');

    const done = fs.readFileSync(path.join(dir, '32.out'), 'utf8');
    const lines = done.split('\n');
    expect(lines[lines.indexOf('Resource usage summary:') - 2]).toBe('Successfully completed.');
    const value = (label: string): string =>
      lines.find((line) => line.startsWith(`    ${label} :`))!.slice(49);
    expect(Number(value('Run time').split(' ')[0])).toBeGreaterThanOrEqual(0);
    expect(Number(value('Max Memory').split(' ')[0])).toBeGreaterThan(1);
    expect(value('CPU time')).toMatch(/^\d+\.\d\d sec\.$/);
    expect(done.endsWith('The output (if any) is above this job summary.\n\n')).toBe(true);
  });

  it('runs echo hi to DONE with exit code 0 and writes its output file', async () => {
    const { runner, reports } = open();
    const pid = await startOk(runner, 1, 'echo hi');

    const done = await ended(reports, 1);
    expect(reports[0]).toMatchObject({ jobId: 1, attempt: 1, state: 'RUN', pid });
    expect(done).toMatchObject({ state: 'DONE', exitCode: 0, exitSignal: 0, pid });
    expect(done.seq).toBeGreaterThan(reports[0].seq);
    expect(jobOutput(path.join(dir, '1.out'))).toBe('hi\n');
  });

  it('writes the output of a job without -o into JOB_SPOOL_DIR', async () => {
    const { runner, reports } = open();
    const spoolDir = path.join(dir, 'spool');
    fs.mkdirSync(spoolDir);
    const spec = { ...jobSpec(dir, 31, 'echo spooled'), outputFile: '', spoolDir };

    expect(await runner.start(spec)).toMatchObject({ ok: true });
    expect(await ended(reports, 31)).toMatchObject({ state: 'DONE' });
    expect(jobOutput(path.join(spoolDir, '0.31.out'))).toBe('spooled\n');
  });

  it('falls back to $HOME/.lsbatch when JOB_SPOOL_DIR is no directory on the host', async () => {
    const { runner, reports } = open();
    // An id no other test uses, as the file lands in the home directory of the test's user.
    const jobId = 2_000_000_031;
    const spoolFile = path.join(os.userInfo().homedir, '.lsbatch', `0.${jobId}.out`);
    const spoolDir = path.join(dir, 'missing');
    const spec = { ...jobSpec(dir, jobId, 'echo fallen back'), outputFile: '', spoolDir };

    try {
      expect(await runner.start(spec)).toMatchObject({ ok: true });
      expect(await ended(reports, jobId)).toMatchObject({ state: 'DONE' });
      expect(jobOutput(spoolFile)).toBe('fallen back\n');
      expect(fs.existsSync(spoolDir)).toBe(false);
    } finally {
      fs.rmSync(spoolFile, { force: true });
    }
  });

  it('runs the pre-exec command first, in /tmp, its output apart from the job', async () => {
    const { runner, reports } = open();
    const noted = path.join(dir, 'pre.txt');
    const spec = {
      ...jobSpec(dir, 33, 'echo job ran'),
      preExecCommand: `echo "in $PWD as $LSB_JOBID, abort $LSB_EXIT_PRE_ABORT" >${noted}; echo x`,
    };

    expect(await runner.start(spec)).toMatchObject({ ok: true });
    expect(await ended(reports, 33)).toMatchObject({ state: 'DONE', exitCode: 0 });
    expect(fs.readFileSync(noted, 'utf8')).toBe('in /tmp as 33, abort 99\n');
    expect(jobOutput(path.join(dir, '33.out'))).toBe('job ran\n');
  });

  it('runs the post-exec command once the job ended, its own end changing nothing', async () => {
    const { runner, reports } = open();
    const noted = path.join(dir, 'post.txt');
    const spec = {
      ...jobSpec(dir, 36, 'echo job ran; exit 3'),
      postExecCommand: `echo "in $PWD, status $LSB_JOBEXIT_STAT" >${noted}; echo x; exit 7`,
    };

    expect(await runner.start(spec)).toMatchObject({ ok: true });
    expect(await ended(reports, 36)).toMatchObject({ state: 'EXIT', exitCode: 3 });
    // The wait status of exit 3 is 3 << 8.
    expect(fs.readFileSync(noted, 'utf8')).toBe('in /tmp, status 768\n');
    expect(jobOutput(path.join(dir, '36.out'))).toBe('job ran\n');
  });

  it('ends an attempt whose pre-exec command fails without running the job', async () => {
    const { runner, reports } = open();
    const spec = { ...jobSpec(dir, 34, 'echo job ran'), preExecCommand: 'echo no; exit 3' };

    expect(await runner.start(spec)).toMatchObject({ ok: true });
    const end = await ended(reports, 34);
    expect(end).toMatchObject({ state: 'EXIT', exitCode: 3, termReason: 'TERM_PREEXEC_FAIL' });
    // Neither job output nor a job report: the job did not run.
    expect(fs.readFileSync(path.join(dir, '34.out'), 'utf8')).toBe('');
  });

  it('sees a job that ended before its watch began, with no poll', async () => {
    const { runner, reports } = open(3_600_000);
    await startOk(runner, 2, 'true');

    expect(await ended(reports, 2)).toMatchObject({ state: 'DONE', exitCode: 0 });
  });

  it('gives the job its LSF environment', async () => {
    const { runner, reports } = open();
    const pid = await startOk(
      runner,
      2,
      'echo "$LSB_JOBID|$LSB_QUEUE|$LSB_HOSTS|$LSB_JOBINDEX|$PWD|$LSB_PROJECT_NAME|$LS_JOBPID"',
    );

    await ended(reports, 2);
    const output = jobOutput(path.join(dir, '2.out'));
    expect(output).toBe(`2|normal|hostA|0|${fs.realpathSync(dir)}|default|${pid}\n`);
  });

  it('passes a command with quotes, percent signs, newlines and non-ASCII text unchanged', async () => {
    const { runner, reports } = open();
    await startOk(runner, 15, "printf '%s\\n' \"100% héllo\"\necho 'two words'");

    expect(await ended(reports, 15)).toMatchObject({ state: 'DONE' });
    expect(jobOutput(path.join(dir, '15.out'))).toBe('100% héllo\ntwo words\n');
  });

  it('keeps loader variables away from the shepherd but gives them to the job', async () => {
    const { runner, reports } = open();
    const base = jobSpec(dir, 16, 'echo "$LD_LIBRARY_PATH|$LAVALITE_JOB_X"; sleep 0.5');
    const env = { ...base.env, LD_LIBRARY_PATH: '/opt/lib', LAVALITE_JOB_X: 'x' };
    await runner.start({ ...base, env });
    const pids = fs.readFileSync(path.join(dir, 'work', 'jobs', '16.1', 'pid'), 'utf8').split('\n');
    const shepherdEnv = fs.readFileSync(`/proc/${pids[1]}/environ`, 'utf8').split('\0');

    expect(shepherdEnv).toContain('LAVALITE_JOB_LD_LIBRARY_PATH=/opt/lib');
    expect(shepherdEnv.some((entry) => entry.startsWith('LD_'))).toBe(false);
    await ended(reports, 16);
    expect(jobOutput(path.join(dir, '16.out'))).toBe('/opt/lib|x\n');
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('runs the job as its user, who owns the output file', async () => {
    const { runner, reports } = open();
    fs.chmodSync(dir, 0o777);
    const spec = { ...jobSpec(dir, 17, 'id -u; id -g'), user: 'nobody', uid: 65534, gid: 65534 };
    await runner.start(spec);

    await ended(reports, 17);
    const output = path.join(dir, '17.out');
    expect(jobOutput(output)).toBe('65534\n65534\n');
    expect(fs.statSync(output).uid).toBe(65534);
  });

  it('reports exit 3 as EXIT with exit code 3', async () => {
    const { runner, reports } = open();
    await startOk(runner, 3, 'exit 3');

    expect(await ended(reports, 3)).toMatchObject({ state: 'EXIT', exitCode: 3, exitSignal: 0 });
  });

  it('reports a job killed by signal 9 as EXIT with that signal and no exit code', async () => {
    const { runner, reports } = open();
    await startOk(runner, 4, 'kill -9 $$');

    expect(await ended(reports, 4)).toMatchObject({ state: 'EXIT', exitCode: null, exitSignal: 9 });
  });

  it('stops, resumes and then kills a job through INT, TERM and KILL, leaving no process', async () => {
    const { runner, reports } = open();
    const pid = await startOk(runner, 5, 'sleep 30');
    // A stop that lands while sh is still in vfork leaves sh in D, not T, so wait for sleep.
    await waitFor('sleep to run', () => groupMembers(pid).some((p) => commandOf(p) === 'sleep'));

    expect(runner.signal(5, 1, 19)).toBe('delivered');
    await waitFor('the job to stop', () => processState(pid) === 'T');
    expect(reports.at(-1)).toMatchObject({ state: 'USUSP', pid });
    expect(runner.signal(5, 1, 18)).toBe('delivered');
    await waitFor('the job to resume', () => processState(pid) !== 'T');
    expect(reports.at(-1)).toMatchObject({ state: 'RUN', pid });

    expect(runner.kill(5, 1, 1)).toBe('delivered');
    expect(await ended(reports, 5)).toMatchObject({ state: 'EXIT', pid });
    expect(groupMembers(pid)).toEqual([]);
    expect(runner.signal(5, 1, 15)).toBe('finished');
  });

  it('ends a job that ignores INT and traps TERM with KILL after two intervals', async () => {
    const { runner, reports } = open();
    const script = 'trap "" INT; trap "echo term" TERM; echo ready; while :; do sleep 0.1; done';
    const pid = await startOk(runner, 6, script);
    await trapsSet(6);

    const killedAt = Date.now();
    runner.kill(6, 1, 1);
    const exit = await ended(reports, 6);
    expect(exit).toMatchObject({ state: 'EXIT', exitSignal: 9 });
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1900);
    expect(fs.readFileSync(path.join(dir, '6.out'), 'utf8')).toContain('term');
    expect(groupMembers(pid)).toEqual([]);
  });

  it('starts an attempt once however often it is asked', async () => {
    const { runner, reports } = open();
    const spec = jobSpec(dir, 7, 'sleep 1');

    const [first, second] = await Promise.all([runner.start(spec), runner.start(spec)]);
    const third = await runner.start(spec);
    expect(first).toEqual(second);
    expect(third).toEqual(first);
    expect(reports.filter((r) => r.state === 'RUN')).toHaveLength(1);
    await ended(reports, 7);
    expect(await runner.start(spec)).toEqual(first);
  });

  it('enforces limits given to a running job, and keeps them in its record', async () => {
    const { runner, reports } = open();
    await startOk(runner, 35, 'sleep 30');

    expect(runner.setLimits(35, 2, { memLimitKb: 100 })).toBe('no-job');
    expect(runner.setLimits(35, 1, { memLimitKb: 100, runLimitSec: 600 })).toBe('delivered');
    const record = fs.readFileSync(path.join(dir, 'work', 'jobs', '35.1', 'record.json'), 'utf8');
    expect(JSON.parse(record).limits).toEqual({ memLimitKb: 100, runLimitSec: 600 });
    expect(await ended(reports, 35)).toMatchObject({ state: 'EXIT', termReason: 'TERM_MEMLIMIT' });
  });

  it('refuses bad signals and unknown jobs', async () => {
    const { runner } = open();
    await startOk(runner, 8, 'sleep 5');

    expect(runner.signal(8, 1, 0)).toBe('bad-signal');
    expect(runner.signal(8, 1, 32)).toBe('bad-signal');
    expect(runner.signal(8, 2, 15)).toBe('no-job');
    expect(runner.kill(99, 1)).toBe('no-job');
    runner.signal(8, 1, 9);
  });

  it('answers a start whose output file cannot be opened with the reason, as its fault', async () => {
    const { runner, reports } = open();
    const spec = { ...jobSpec(dir, 9, 'echo hi'), outputFile: '/nonexistent/dir/out' };

    const outcome = await runner.start(spec);
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringContaining('cannot open /nonexistent'),
      jobFault: true,
    });
    expect(reports).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'work', 'jobs'))).toEqual([]);
  });

  it('removes the job directory once the final report is acknowledged', async () => {
    const { runner, reports } = open();
    await startOk(runner, 10, 'true');
    await ended(reports, 10);

    runner.acknowledge(reports.map((r) => r.seq));
    expect(runner.heldJobs()).toEqual([]);
    expect(runner.pendingReports()).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'work', 'jobs'))).toEqual([]);
  });

  it('does not run an attempt again when a start comes after its end was acked', async () => {
    const { runner, reports } = open();
    const spec = jobSpec(dir, 11, 'echo ran >> runs');
    const first = await runner.start(spec);
    await ended(reports, 11);
    runner.acknowledge(reports.map((r) => r.seq));

    const reopened = open();
    expect(await reopened.runner.start(spec)).toEqual(first);
    expect(reopened.reports).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'runs'), 'utf8')).toBe('ran\n');
  });
});

describe('JobRunner after an sbatchd restart', () => {
  it('re-adopts a running job and reports it DONE when it ends', async () => {
    const first = open();
    const pid = await startOk(first.runner, 11, 'sleep 2');
    first.runner.close();

    const second = open();
    expect(second.runner.heldJobs()).toEqual([
      expect.objectContaining({ jobId: 11, state: 'RUN', pid }),
    ]);
    // The RUN report was never acknowledged: the registration's held state stands for it.
    expect(first.reports).toEqual([expect.objectContaining({ jobId: 11, state: 'RUN' })]);
    expect(second.runner.pendingReports()).toEqual([]);
    expect(await ended(second.reports, 11)).toMatchObject({ state: 'DONE', exitCode: 0, pid });
  });

  it('reports a job that ended while no sbatchd ran with its true exit code', async () => {
    const first = open();
    await startOk(first.runner, 12, 'sleep 0.3; exit 7');
    first.runner.close();
    const status = path.join(dir, 'work', 'jobs', '12.1', 'status');
    await waitFor('the shepherd to write the status', () => fs.existsSync(status));

    const second = open();
    expect(second.reports).toEqual([expect.objectContaining({ state: 'EXIT', exitCode: 7 })]);
    expect(second.reports[0].seq).toBeGreaterThan(first.reports[0].seq);
  });

  it('kills at once a job whose kill was under way when sbatchd stopped', async () => {
    const first = open();
    const script = 'trap "" INT TERM; echo ready; while :; do sleep 0.1; done';
    const pid = await startOk(first.runner, 13, script);
    await trapsSet(13);
    first.runner.kill(13, 1, 60);
    first.runner.close();

    const second = open();
    expect(await ended(second.reports, 13)).toMatchObject({ state: 'EXIT', exitSignal: 9 });
    expect(groupMembers(pid)).toEqual([]);
  });

  it('reports a job whose processes vanished without a status as lost', async () => {
    const first = open();
    const pid = await startOk(first.runner, 14, 'sleep 30');
    first.runner.close();
    const pidText = fs.readFileSync(path.join(dir, 'work', 'jobs', '14.1', 'pid'), 'utf8');
    const shepherdPid = Number(pidText.split('\n')[1]);
    process.kill(shepherdPid, 'SIGKILL');
    process.kill(-pid, 'SIGKILL');
    // A signal is delivered when its process next runs: on a busy machine both may linger.
    await waitFor(
      'the job and its shepherd to be gone',
      () => groupMembers(pid).length === 0 && !isShepherdAlive(shepherdPid),
    );

    const second = open();
    expect(second.reports).toEqual([
      expect.objectContaining({ jobId: 14, state: 'EXIT', exitCode: null, exitSignal: 0 }),
    ]);
  });
});
