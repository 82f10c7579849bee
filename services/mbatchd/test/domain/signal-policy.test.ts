import type { JobState } from '../../src/domain/job';
import { Lsbe } from '../../../common/src/lsbe';
import { decideSignal, type SignalDecision } from '../../src/domain/signal-policy';
import { Signal, SIGNAL_NAMES, type SignalName } from '../../../common/src/signals';
import { makeJob } from './job-fixture';

const ALL_STATES: readonly JobState[] = ['PEND', 'PSUSP', 'RUN', 'USUSP', 'SSUSP', 'DONE', 'EXIT'];
const PENDING: readonly JobState[] = ['PEND', 'PSUSP'];

// Neither a stop, a resume nor a cancel: what a pending job refuses and a started one receives.
const OTHER_SIGNALS = SIGNAL_NAMES.filter(
  (name) => !['KILL', 'TERM', 'INT', 'HUP', 'STOP', 'TSTP', 'CONT'].includes(name),
);

function decide(state: JobState, signal: SignalName | number): SignalDecision {
  return decideSignal(makeJob(state), typeof signal === 'number' ? signal : Signal[signal]);
}

describe('decideSignal, gate-A table of the MVP checklist', () => {
  it('releases a held PSUSP job to PEND on CONT (bresume)', () => {
    expect(decide('PSUSP', 'CONT')).toEqual({
      kind: 'transition',
      to: 'PEND',
      reason: 'Waiting for scheduling after resumed by user',
    });
  });

  it('holds a PEND job as PSUSP on STOP (bstop)', () => {
    expect(decide('PEND', 'STOP')).toEqual({
      kind: 'transition',
      to: 'PSUSP',
      reason: 'The job was suspended by the user while pending',
    });
  });

  it('refuses a second STOP on a PSUSP job with LSBE_JOB_SUSP (95)', () => {
    expect(decide('PSUSP', 'STOP')).toEqual({ kind: 'refuse', lsbe: 95 });
    expect(Lsbe.JOB_SUSP).toBe(95);
  });

  it('accepts CONT on a PEND job as a no-op', () => {
    expect(decide('PEND', 'CONT')).toEqual({ kind: 'noop' });
  });

  describe.each(PENDING)('on a %s job', (state) => {
    it.each(['KILL', 'TERM', 'INT', 'HUP'] as const)(
      'cancels the job to EXIT on %s without any host',
      (signal) => {
        expect(decide(state, signal)).toEqual({
          kind: 'transition',
          to: 'EXIT',
          reason: 'TERM_OWNER',
        });
      },
    );
  });

  it('stops a RUN job with SIGSTOP, then records USUSP', () => {
    expect(decide('RUN', 'STOP')).toEqual({
      kind: 'deliver',
      signal: Signal.STOP,
      then: 'USUSP',
      reason: 'The job was suspended by user',
    });
  });

  it('continues a USUSP job with SIGCONT, then records RUN directly', () => {
    expect(decide('USUSP', 'CONT')).toEqual({
      kind: 'deliver',
      signal: Signal.CONT,
      then: 'RUN',
      reason: 'The job was resumed by user',
    });
  });

  it('accepts CONT on a RUN job as a no-op', () => {
    expect(decide('RUN', 'CONT')).toEqual({ kind: 'noop' });
  });

  describe.each(['RUN', 'USUSP'] as const)('on a %s job', (state) => {
    it.each<SignalName>(['KILL', 'TERM', ...OTHER_SIGNALS])(
      'delivers %s and leaves the state to what sbatchd reports',
      (signal) => {
        expect(decide(state, signal)).toEqual({ kind: 'deliver', signal: Signal[signal] });
      },
    );
  });

  describe.each(['DONE', 'EXIT'] as const)('on a %s job', (state) => {
    it.each(SIGNAL_NAMES)('refuses %s with LSBE_JOB_FINISH (4)', (signal) => {
      expect(decide(state, signal)).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_FINISH });
      expect(Lsbe.JOB_FINISH).toBe(4);
    });
  });

  describe.each(ALL_STATES)('on a %s job', (state) => {
    it.each([0, -1, 16, 23, 30, 32, 64, 99, 2.5])(
      'refuses unsupported signal %d with LSBE_BAD_SIGNAL (41)',
      (signal) => {
        expect(decide(state, signal)).toEqual({ kind: 'refuse', lsbe: Lsbe.BAD_SIGNAL });
        expect(Lsbe.BAD_SIGNAL).toBe(41);
      },
    );
  });
});

describe('decideSignal, LSF action table (section 1.2) where the checklist is silent', () => {
  it('holds a PEND job on TSTP as on STOP', () => {
    expect(decide('PEND', 'TSTP')).toEqual(decide('PEND', 'STOP'));
  });

  it('refuses TSTP on a PSUSP job like a second STOP', () => {
    expect(decide('PSUSP', 'TSTP')).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_SUSP });
  });

  describe.each(PENDING)('on a %s job', (state) => {
    it.each(OTHER_SIGNALS)('refuses %s with LSBE_NOT_STARTED', (signal) => {
      expect(decide(state, signal)).toEqual({ kind: 'refuse', lsbe: Lsbe.NOT_STARTED });
    });
  });

  describe.each(['RUN', 'SSUSP'] as const)('on a %s job', (state) => {
    it.each(['STOP', 'TSTP'] as const)(
      'suspends the job on %s with SIGSTOP, then records USUSP',
      (signal) => {
        expect(decide(state, signal)).toEqual({
          kind: 'deliver',
          signal: Signal.STOP,
          then: 'USUSP',
          reason: 'The job was suspended by user',
        });
      },
    );
  });

  it.each(['STOP', 'TSTP'] as const)('accepts %s on a USUSP job as a no-op', (signal) => {
    expect(decide('USUSP', signal)).toEqual({ kind: 'noop' });
  });

  it('continues an SSUSP job with SIGCONT, then records RUN', () => {
    expect(decide('SSUSP', 'CONT')).toEqual({
      kind: 'deliver',
      signal: Signal.CONT,
      then: 'RUN',
      reason: 'The job was resumed by user',
    });
  });

  it.each<SignalName>(['KILL', 'TERM', 'INT', 'HUP', ...OTHER_SIGNALS])(
    'delivers %s to an SSUSP job without changing its state',
    (signal) => {
      expect(decide('SSUSP', signal)).toEqual({ kind: 'deliver', signal: Signal[signal] });
    },
  );

  it.each(['INT', 'HUP'] as const)('delivers %s to a RUN job as the single signal', (signal) => {
    expect(decide('RUN', signal)).toEqual({ kind: 'deliver', signal: Signal[signal] });
  });
});

describe('decideSignal, reasons and purity', () => {
  it('names an administrator, not the owner, in the reasons of an admin request', () => {
    const byAdmin = (state: JobState, signal: SignalName) =>
      decideSignal(makeJob(state), Signal[signal], 'admin');

    expect(byAdmin('PEND', 'KILL')).toEqual({
      kind: 'transition',
      to: 'EXIT',
      reason: 'TERM_ADMIN',
    });
    expect(byAdmin('PEND', 'STOP')).toEqual({
      kind: 'transition',
      to: 'PSUSP',
      reason: 'The job was suspended by LSF admin or root while pending',
    });
    expect(byAdmin('RUN', 'STOP')).toMatchObject({
      reason: 'The job was suspended by LSF admin or root',
    });
    expect(byAdmin('USUSP', 'CONT')).toMatchObject({
      reason: 'The job was resumed by LSF admin or root',
    });
  });

  it('never changes the job it decides about', () => {
    for (const state of ALL_STATES) {
      for (const signal of [...SIGNAL_NAMES.map((name) => Signal[name]), 0, 99]) {
        const job = makeJob(state);
        const before = structuredClone(job);

        decideSignal(job, signal);

        expect(job).toEqual(before);
      }
    }
  });
});
