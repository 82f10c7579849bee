import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { renderHistoryLong } from '../../src/render/history-long';
import { at, event, job, sampleEvents } from '../lib/history-fixtures';

const HOMES = new Map([['alice', '/home/alice']]);
const OPTIONS = { nowMs: at(12, 0, 0), homes: HOMES };

/** The LSF sample without its `Effective RES_REQ` clause, which LavaLite does not have. */
const SAMPLE =
  '\n' +
  'Job <1201>, User <alice>, Project <default>, Command <sleep 600>\n' +
  'Tue Mar  4 09:15:00: Submitted from host <login01>, to Queue <normal>, CWD <$HO\n' +
  '                     ME>;\n' +
  'Tue Mar  4 09:15:03: Dispatched 1 Task(s) on Host(s) <node07>, Allocated 1 Slot\n' +
  '                     (s) on Host(s) <node07>;\n' +
  'Tue Mar  4 09:15:03: Starting (Pid 28817);\n' +
  'Tue Mar  4 09:15:03: Running with execution home </home/alice>, Execution CWD <\n' +
  '                     /home/alice>, Execution Pid <28817>;\n' +
  'Tue Mar  4 09:25:03: Done successfully. The CPU time used is 0.0 seconds;\n' +
  'Tue Mar  4 09:25:04: Post job process done successfully;\n' +
  '\n' +
  'Summary of time in seconds spent in various states by  Tue Mar  4 09:25:04\n' +
  '  PEND     PSUSP    RUN      USUSP    SSUSP    UNKWN    TOTAL\n' +
  '  3        0        600      0        0        0        603         \n' +
  '\n';

describe('renderHistoryLong', () => {
  it('reproduces the LSF long format of the sample job byte for byte', () => {
    expect(renderHistoryLong([job()], sampleEvents(), OPTIONS)).toBe(SAMPLE);
  });

  it('separates jobs with 78 dashes and gives each job only its own events', () => {
    const second = job({ jobId: 1202, command: 'hostname', jobName: 'hostname' });
    const events = [
      ...sampleEvents(),
      event('SUBMIT', at(10, 0, 0), { jobId: 1202, details: { cwd: '/tmp' } }),
    ];
    const out = renderHistoryLong([job(), second], events, OPTIONS);
    const blocks = out.split(`${'-'.repeat(78)}\n`);
    expect(blocks).toHaveLength(2);
    expect(`${blocks[0]}\n`).toBe(SAMPLE);
    expect(blocks[1]).toContain(
      'Job <1202>, User <alice>, Project <default>, Command <hostname>\n',
    );
    expect(blocks[1]).toContain('Tue Mar  4 10:00:00: Submitted from host <login01>, to Queue');
    expect(blocks[1]).not.toContain('09:15:00');
  });

  it('names the job only when its name was chosen, wrapping the header at 79', () => {
    const named = job({ jobName: 'nightly-build', command: 'make -j8 all' });
    const out = renderHistoryLong([named], [], OPTIONS);
    expect(out.split('\n')[1]).toBe(
      'Job <1201>, Job Name <nightly-build>, User <alice>, Project <default>, Command ',
    );
    expect(out.split('\n')[2]).toBe('                     <make -j8 all>');
  });

  it('sums an unfinished job up to now and stamps the summary with now', () => {
    const out = renderHistoryLong([job()], sampleEvents().slice(0, 3), {
      ...OPTIONS,
      nowMs: at(9, 20, 3),
    });
    expect(out).toContain('various states by  Tue Mar  4 09:20:03\n');
    expect(out).toContain('  3        0        300      0        0        0        303         \n');
  });

  it('falls back on the execution home when the owner is not in the password file', () => {
    const out = renderHistoryLong([job()], sampleEvents(), { ...OPTIONS, homes: new Map() });
    expect(out).toContain('CWD <$HO\n                     ME>;');
  });

  // The exit line is exactly 79 columns, so the writer leaves a line of 21 spaces after it.
  it('prints the completion of a job that exited non-zero by itself, as LSF does', () => {
    const failed = job({ state: JobState.JOB_STATE_EXIT, exitCode: 3 });
    const events = [
      ...sampleEvents().slice(0, 3),
      event('FINISH', at(9, 16, 1), {
        toState: JobState.JOB_STATE_EXIT,
        details: { exitCode: 3, cpuTimeSec: 0.21, termReason: '' },
      }),
    ];
    const out = renderHistoryLong([failed], events, OPTIONS);
    expect(out).toContain(
      'Tue Mar  4 09:15:03: Running with execution home </home/alice>, Execution CWD <\n' +
        '                     /home/alice>, Execution Pid <28817>;\n' +
        'Tue Mar  4 09:16:01: Exited with exit code 3. The CPU time used is 0.2 seconds;\n' +
        `${' '.repeat(21)}\n` +
        'Tue Mar  4 09:16:01: Completed <exit>;\n' +
        '\nSummary of time',
    );
  });

  it('prints the kill of a job by its owner', () => {
    const killed = job({ termReason: 'TERM_OWNER', hasExitCode: false, exitSignal: 9 });
    const events = [
      ...sampleEvents().slice(0, 3),
      event('SIGNAL', at(9, 16, 0), { details: { signal: 'KILL' } }),
      event('FINISH', at(9, 16, 1), {
        toState: JobState.JOB_STATE_EXIT,
        details: { signal: 9, cpuTimeSec: 0.21 },
      }),
    ];
    const out = renderHistoryLong([killed], events, OPTIONS);
    expect(out).toContain(
      'Tue Mar  4 09:16:00: Signal <KILL> requested by user or administrator <alice>;\n' +
        'Tue Mar  4 09:16:01: Exited by signal 9. The CPU time used is 0.2 seconds;\n' +
        'Tue Mar  4 09:16:01: Completed <exit>; TERM_OWNER: job killed by owner;\n',
    );
  });
});
