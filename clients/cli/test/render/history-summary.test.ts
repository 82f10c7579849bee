import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { renderHistorySummary, shortJobName } from '../../src/render/history-summary';
import { at, event, job, sampleEvents } from '../lib/history-fixtures';

/** Job 1202 of the sample: pending 12 s, running 245 s with a 30 s user suspension. */
function solverEvents() {
  const e = (kind: string, seconds: number, toState = JobState.JOB_STATE_UNSPECIFIED) =>
    event(kind, at(10, 0, 0) + seconds * 1000, { jobId: 1202, toState });
  return [
    e('SUBMIT', 0),
    e('DISPATCH', 12),
    e('STATE', 112, JobState.JOB_STATE_USUSP),
    e('STATE', 142, JobState.JOB_STATE_RUN),
    e('FINISH', 287, JobState.JOB_STATE_DONE),
  ];
}

const SOLVER = job({ jobId: 1202, jobName: 'cfd_solver', command: './cfd_solver -n 4' });

describe('renderHistorySummary', () => {
  it('reproduces the LSF default table byte for byte, rows ending in blanks', () => {
    const out = renderHistorySummary([job(), SOLVER], [...sampleEvents(), ...solverEvents()], {
      nowMs: at(12, 0, 0),
      wide: false,
    });
    expect(out).toBe(
      'Summary of time in seconds spent in various states:\n' +
        'JOBID   USER    JOB_NAME  PEND    PSUSP   RUN     USUSP   SSUSP   UNKWN   TOTAL\n' +
        '1201    alice   *eep 600  3       0       600     0       0       0       603       \n' +
        '1202    alice   *_solver  12      0       245     30      0       0       287       \n',
    );
  });

  it('prints names in full with -w', () => {
    const out = renderHistorySummary([SOLVER], solverEvents(), { nowMs: 0, wide: true });
    expect(out.split('\n')[2]).toBe(
      '1202    alice   cfd_solver 12      0       245     30      0       0       287       ',
    );
  });

  it('uses the command when the job has no name', () => {
    const out = renderHistorySummary([job({ jobName: '' })], [], { nowMs: 0, wide: false });
    expect(out.split('\n')[2].slice(16, 26)).toBe('*eep 600  ');
  });
});

describe('shortJobName', () => {
  it('keeps names of up to 8 characters and cuts longer ones to * and the last 7', () => {
    expect(shortJobName('12345678')).toBe('12345678');
    expect(shortJobName('sleep 600')).toBe('*eep 600');
  });
});
