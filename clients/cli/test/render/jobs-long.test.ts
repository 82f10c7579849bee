import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { renderJobsLong } from '../../src/render/jobs-long';
import { jobRecord, march4, pendingJob } from './job-fixtures';

const INDENT = ' '.repeat(21);
const DASHES = '-'.repeat(78);
const HOMES = { homeOf: (user: string) => (user === 'alice' ? '/home/alice' : undefined) };

const flaky = jobRecord({
  jobId: 1207,
  state: JobState.JOB_STATE_EXIT,
  jobName: './flaky.sh',
  command: './flaky.sh',
  submitTimeMs: march4(10, 2, 11),
  startTimeMs: march4(10, 2, 13),
  endTimeMs: march4(10, 2, 40),
  exitCode: 42,
  hasExitCode: true,
  cpuTimeSec: 0.4,
});

const preprocess = pendingJob({
  jobId: 1203,
  queue: 'long',
  jobName: 'preprocess_data',
  command: './prep.sh',
  cwd: '/home/alice/data',
  submitTimeMs: march4(9, 20, 44),
  pendReason: 'Job dependency condition not satisfied;',
});

describe('renderJobsLong', () => {
  it('reproduces the EXIT and PEND samples of lsf-cli.md 4.4 (without LSF-only parts)', () => {
    expect(renderJobsLong([flaky, preprocess], HOMES)).toBe(
      [
        '',
        'Job <1207>, User <alice>, Project <default>, Status <EXIT>, Queue <normal>, Com',
        `${INDENT}mand <./flaky.sh>`,
        'Tue Mar  4 10:02:11: Submitted from host <login01>, CWD <$HOME>;',
        'Tue Mar  4 10:02:13: Started 1 Task(s) on Host(s) <node07>, Allocated 1 Slot(s)',
        `${INDENT}on Host(s) <node07>, Execution Home </home/alice>, Executi`,
        `${INDENT}on CWD </home/alice>;`,
        'Tue Mar  4 10:02:40: Exited with exit code 42. The CPU time used is 0.4 seconds',
        `${INDENT}.`,
        'Tue Mar  4 10:02:40: Completed <exit>.',
        DASHES,
        '',
        'Job <1203>, Job Name <preprocess_data>, User <alice>, Project <default>, Status',
        `${INDENT}<PEND>, Queue <long>, Command <./prep.sh>`,
        'Tue Mar  4 09:20:44: Submitted from host <login01>, CWD <$HOME/data>;',
        ' PENDING REASONS:',
        ' Job dependency condition not satisfied;',
        '',
        '',
      ].join('\n'),
    );
  });

  it('reproduces the header and Started lines of the RUN sample for a 4-slot job', () => {
    const solver = jobRecord({
      jobId: 1202,
      jobName: 'mpi_solver',
      command: 'mpirun ./solver -i input.dat',
      cwd: '/home/alice/run42',
      outputFile: 'out.%J',
      slots: 4,
      execHosts: ['node03', 'node03', 'node04', 'node04'],
      submitTimeMs: march4(9, 16, 2),
      startTimeMs: march4(9, 16, 5),
    });
    expect(renderJobsLong([solver], HOMES)).toBe(
      [
        '',
        'Job <1202>, Job Name <mpi_solver>, User <alice>, Project <default>, Status <RUN',
        `${INDENT}>, Queue <normal>, Command <mpirun ./solver -i input.dat>`,
        'Tue Mar  4 09:16:02: Submitted from host <login01>, CWD <$HOME/run42>, Output F',
        `${INDENT}ile <out.%J>, 4 Processors Requested;`,
        'Tue Mar  4 09:16:05: Started 4 Task(s) on Host(s) <2*node03> <2*node04>, Alloca',
        `${INDENT}ted 4 Slot(s) on Host(s) <2*node03> <2*node04>, Execution `,
        `${INDENT}Home </home/alice>, Execution CWD </home/alice/run42>;`,
        '',
        '',
      ].join('\n'),
    );
  });

  it("shows a running job's last measure as the RUN sample's Resource usage block", () => {
    const running = jobRecord({
      startTimeMs: march4(9, 16, 5),
      usageTimeMs: march4(9, 21, 10),
      cpuTimeSec: 1210.4,
      memKb: 812 * 1024,
      maxMemKb: 830 * 1024,
      nthreads: 9,
      pids: [41017, 41018, 41020],
    });
    const text = renderJobsLong([running], HOMES);

    expect(text).toContain(
      [
        'Tue Mar  4 09:21:10: Resource usage collected.',
        `${INDENT}The CPU time used is 1210 seconds.`,
        `${INDENT}MEM: 812 Mbytes;  NTHREAD: 9`,
        `${INDENT}PGID: 41017;  PIDs: 41017 41018 41020`,
        '',
        ' MEMORY USAGE:',
        ' MAX MEM: 830 Mbytes;  AVG MEM: -',
      ].join('\n'),
    );
    expect(renderJobsLong([{ ...running, usageTimeMs: 0 }], HOMES)).not.toContain('collected');
  });

  it('shows -n min,max as OpenLava does, the slots given in the start line', () => {
    const ranged = jobRecord({
      jobId: 1203,
      command: 'mpirun ./solver',
      jobName: 'mpirun ./solver',
      slots: 2,
      maxSlots: 8,
      execHosts: ['node03', 'node03', 'node03'],
      submitTimeMs: march4(9, 16, 2),
      startTimeMs: march4(9, 16, 5),
    });
    const lines = renderJobsLong([ranged], HOMES).split('\n');
    expect(lines[3]).toBe(
      'Tue Mar  4 09:16:02: Submitted from host <login01>, CWD <$HOME>, 2-8 Processors',
    );
    expect(lines[4]).toBe(`${INDENT}Requested;`);
    expect(lines[5]).toBe(
      'Tue Mar  4 09:16:05: Started 3 Task(s) on Host(s) <3*node03>, Allocated 3 Slot(',
    );
  });

  it('ends a DONE job with "Done successfully" and "Completed <done>"', () => {
    const done = jobRecord({
      state: JobState.JOB_STATE_DONE,
      endTimeMs: march4(9, 25),
      hasExitCode: true,
      cpuTimeSec: 12,
    });
    const lines = renderJobsLong([done], HOMES).split('\n');
    expect(lines.slice(-4)).toEqual([
      'Tue Mar  4 09:25:00: Done successfully. The CPU time used is 12.0 seconds.',
      'Tue Mar  4 09:25:00: Completed <done>.',
      '',
      '',
    ]);
  });

  it('names the signal of a killed job and explains TERM_OWNER', () => {
    const killed = jobRecord({
      state: JobState.JOB_STATE_EXIT,
      endTimeMs: march4(9, 25),
      exitSignal: 15,
      termReason: 'TERM_OWNER',
    });
    const text = renderJobsLong([killed], HOMES);
    expect(text).toContain(
      'Tue Mar  4 09:25:00: Exited by signal 15. The CPU time used is 0.0 seconds.\n',
    );
    expect(text).toContain(
      'Tue Mar  4 09:25:00: Completed <exit>; TERM_OWNER: job killed by owner.\n',
    );
  });

  it('gives a job killed while pending no Started line and no CPU time', () => {
    const killed = pendingJob({
      state: JobState.JOB_STATE_EXIT,
      endTimeMs: march4(9, 16),
      termReason: 'TERM_OWNER',
    });
    const lines = renderJobsLong([killed], HOMES).split('\n');
    expect(lines.slice(4)).toEqual([
      'Tue Mar  4 09:16:00: Exited.',
      'Tue Mar  4 09:16:00: Completed <exit>; TERM_OWNER: job killed by owner.',
      '',
      '',
    ]);
  });

  it('lists the input, error file and the -m hosts on the Submitted line', () => {
    const job = jobRecord({
      inputFile: 'in.txt',
      errorFile: 'err.%J',
      askedHosts: ['node03', 'node04'],
    });
    expect(renderJobsLong([job], HOMES).split('\n').slice(3, 6)).toEqual([
      'Tue Mar  4 09:15:00: Submitted from host <login01>, CWD <$HOME>, Input File <in',
      `${INDENT}.txt>, Error File <err.%J>, Specified Hosts <node03>, <nod`,
      `${INDENT}e04>;`,
    ]);
  });

  it('shows the CWD in full and no Execution Home when the owner is unknown', () => {
    const job = jobRecord({ user: 'bob', cwd: '/home/bob/work' });
    const text = renderJobsLong([job], HOMES).replace(/\n {21}/g, '');
    expect(text).toContain('CWD </home/bob/work>;');
    expect(text).toContain('<node07>, Execution CWD </home/bob/work>;');
    expect(text).not.toContain('Execution Home');
  });

  it('shows a CWD outside the home directory in full', () => {
    const job = jobRecord({ cwd: '/scratch/alice' });
    expect(renderJobsLong([job], HOMES)).toContain('CWD </scratch/alice>;');
  });

  it('shows UNKWN as the status of a job on an unreachable host', () => {
    const job = jobRecord({ hostUnreachable: true });
    expect(renderJobsLong([job], HOMES)).toContain('Status <UNKWN>');
  });
});
