import { IllegalTransitionError } from '../../src/domain/errors';
import type { JobState } from '../../src/domain/job';
import { isLegalTransition, transition, TRANSITIONS } from '../../src/domain/job-state';
import { makeJob } from './job-fixture';

const STATES: readonly JobState[] = ['PEND', 'PSUSP', 'RUN', 'USUSP', 'SSUSP', 'DONE', 'EXIT'];

// Written out from the design rather than read from TRANSITIONS, so the table is checked.
const LEGAL: ReadonlySet<string> = new Set([
  'PEND->PSUSP',
  'PSUSP->PEND',
  'PEND->RUN',
  'PEND->EXIT',
  'PSUSP->EXIT',
  'RUN->USUSP',
  'USUSP->RUN',
  'RUN->SSUSP',
  'SSUSP->RUN',
  'SSUSP->USUSP',
  'RUN->DONE',
  'USUSP->DONE',
  'SSUSP->DONE',
  'RUN->EXIT',
  'USUSP->EXIT',
  'SSUSP->EXIT',
  'RUN->PEND',
  'USUSP->PEND',
  'SSUSP->PEND',
  'DONE->PEND',
  'EXIT->PEND',
]);

const MATRIX = STATES.flatMap((from) => STATES.map((to) => ({ from, to })));
const legalEdges = MATRIX.filter(({ from, to }) => LEGAL.has(`${from}->${to}`));
const illegalEdges = MATRIX.filter(({ from, to }) => !LEGAL.has(`${from}->${to}`));

describe('transition', () => {
  it('knows exactly the twenty-one edges of the design, out of all 49 state pairs', () => {
    expect(legalEdges).toHaveLength(21);
    expect(illegalEdges).toHaveLength(28);

    const tableEdges = STATES.flatMap((from) =>
      [...TRANSITIONS[from]].map((to) => `${from}->${to}`),
    );
    expect(new Set(tableEdges)).toEqual(LEGAL);
  });

  it.each(legalEdges)('moves a $from job to $to and reports the change', ({ from, to }) => {
    const job = makeJob(from);

    const change = transition(job, to, 'because the test says so');

    expect(job.state).toBe(to);
    expect(change).toEqual({ jobId: job.id, from, to, reason: 'because the test says so' });
    expect(isLegalTransition(from, to)).toBe(true);
  });

  it.each(illegalEdges)(
    'refuses to move a $from job to $to and leaves it as it was',
    ({ from, to }) => {
      const job = makeJob(from);

      expect(() => transition(job, to, 'not allowed')).toThrow(IllegalTransitionError);
      expect(job.state).toBe(from);
      expect(isLegalTransition(from, to)).toBe(false);
    },
  );

  it('names the job and both states in the error it throws', () => {
    const job = makeJob('DONE', {}, 4242);

    let caught: unknown;
    try {
      transition(job, 'RUN', 'rerun');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({
      name: 'IllegalTransitionError',
      jobId: 4242,
      from: 'DONE',
      to: 'RUN',
      message: 'Job <4242>: illegal state transition DONE -> RUN',
    });
  });

  it.each(['DONE', 'EXIT'] as const)('lets a %s job go back to PEND only', (from) => {
    for (const to of STATES.filter((state) => state !== 'PEND')) {
      expect(() => transition(makeJob(from), to, 'revive')).toThrow(IllegalTransitionError);
    }
  });

  it('never treats staying in the same state as a transition', () => {
    for (const state of STATES) {
      expect(() => transition(makeJob(state), state, 'again')).toThrow(IllegalTransitionError);
    }
  });
});
