import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { indexRanges, renderArraySummary } from '../../src/render/array-summary';
import { jobRecord } from './job-fixtures';

function element(index: number, state: JobState) {
  return jobRecord({
    jobId: index * 2 ** 32 + 1300,
    arrayJobId: 1300,
    arrayIndex: index,
    jobName: `sweep[${index}]`,
    state,
  });
}

const STATES = [
  JobState.JOB_STATE_PEND,
  JobState.JOB_STATE_PEND,
  JobState.JOB_STATE_PEND,
  JobState.JOB_STATE_DONE,
  JobState.JOB_STATE_DONE,
  JobState.JOB_STATE_DONE,
  JobState.JOB_STATE_DONE,
  JobState.JOB_STATE_RUN,
  JobState.JOB_STATE_RUN,
  JobState.JOB_STATE_EXIT,
];

describe('renderArraySummary', () => {
  it("prints lsf-cli.md's sample row, the spec cut unless wide", () => {
    const jobs = STATES.map((state, i) => element(i + 1, state));
    expect(renderArraySummary(jobs, { wide: false, onlyUnfinished: true })).toBe(
      'JOBID    ARRAY_SPEC  OWNER   NJOBS PEND DONE  RUN EXIT SSUSP USUSP PSUSP\n' +
        '1300     sweep[1-    alice      10    3    4    2    1     0     0     0\n',
    );
    expect(renderArraySummary(jobs, { wide: true, onlyUnfinished: true })).toContain(
      '1300     sweep[1-10] alice      10',
    );
  });

  it('shows the array as submitted when mbatchd kept it, steps and all', () => {
    const jobs = [1, 3, 5, 7, 10].map((index) => ({
      ...element(index, JobState.JOB_STATE_PEND),
      arraySpec: 'a[1-7:2,10]',
    }));
    const [, narrow] = renderArraySummary(jobs, { wide: false, onlyUnfinished: true }).split('\n');
    const [, wide] = renderArraySummary(jobs, { wide: true, onlyUnfinished: true }).split('\n');

    expect(narrow.startsWith('1300     a[1-7:2,    alice       5')).toBe(true);
    expect(wide.startsWith('1300     a[1-7:2,10] alice       5')).toBe(true);
  });

  it('right-aligns the owner in 8 columns, cut unless wide, and pushes long ids right', () => {
    const byBob = STATES.map((state, i) => ({ ...element(i + 1, state), user: 'bob' }));
    expect(renderArraySummary(byBob, { wide: false, onlyUnfinished: true }).split('\n')[1]).toBe(
      '1300     sweep[1-      bob      10    3    4    2    1     0     0     0',
    );
    const longName = STATES.map((state, i) => ({
      ...element(i + 1, state),
      jobId: (i + 1) * 2 ** 32 + 12345678,
      arrayJobId: 12345678,
      user: 'christopher',
    }));
    const [, narrow] = renderArraySummary(longName, { wide: false, onlyUnfinished: true }).split(
      '\n',
    );
    expect(narrow).toBe(
      '12345678  sweep[1- christop      10    3    4    2    1     0     0     0',
    );
    const [, wide] = renderArraySummary(longName, { wide: true, onlyUnfinished: true }).split('\n');
    expect(wide).toBe(
      '12345678  sweep[1-10] christopher      10    3    4    2    1     0     0     0',
    );
  });

  it('leaves out plain jobs, and finished arrays unless asked', () => {
    const finished = [element(1, JobState.JOB_STATE_DONE)];
    expect(
      renderArraySummary([jobRecord(), ...finished], { wide: false, onlyUnfinished: true }),
    ).toBe('');
    expect(renderArraySummary(finished, { wide: false, onlyUnfinished: false })).toContain('1300 ');
  });
});

describe('indexRanges', () => {
  it('writes runs as ranges', () => {
    expect(indexRanges([5, 1, 2, 3, 9, 10])).toBe('1-3,5,9-10');
  });
});
