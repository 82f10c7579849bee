/**
 * What a bkill, bstop or bresume request does to one job, decided from the job's state and who
 * asks. The gate-A table of the MVP checklist is binding; LSF's own table fills in what it leaves
 * open. The caller has already answered LSBE_NO_JOB and LSBE_PERMISSION where they apply, and
 * carries the decision out: deciding changes nothing.
 */

import type { Job, JobState } from './job';
import { FINISHED_STATES, PENDING_STATES } from './job';
import { Lsbe, type LsbeCode } from '../../../common/src/lsbe';
import { PendReason, ResumeReason, SuspendReason, TermReason } from './reasons';
import { isSupportedSignal, Signal } from '../../../common/src/signals';

/** Who asks: the reasons recorded for the job name the owner or an administrator. */
export type SignalActor = 'owner' | 'admin';

/** Send a signal to a started job through its sbatchd. */
export type DeliverDecision =
  | {
      kind: 'deliver';
      signal: number;
      /** The state stays as it is until sbatchd reports what the signal did. */
      then?: undefined;
    }
  | {
      kind: 'deliver';
      signal: number;
      /** The state the job takes once the signal is delivered. */
      then: JobState;
      reason: string;
    };

export type SignalDecision =
  /** Answer the code and change nothing. */
  | { kind: 'refuse'; lsbe: LsbeCode }
  /** Answer success, change nothing and record no event: the job is already where asked. */
  | { kind: 'noop' }
  /** Move a pending job: nothing runs anywhere, so no host is involved. */
  | { kind: 'transition'; to: JobState; reason: string }
  | DeliverDecision;

// Signals that end a pending job on the spot, as LSF treats them (HUP added by the checklist).
const CANCELS_PENDING: ReadonlySet<number> = new Set([
  Signal.KILL,
  Signal.TERM,
  Signal.INT,
  Signal.HUP,
]);

const STOPS: ReadonlySet<number> = new Set([Signal.STOP, Signal.TSTP]);

const REASONS = {
  owner: {
    cancel: TermReason.OWNER,
    hold: PendReason.USER_STOP,
    suspend: SuspendReason.USER,
    resume: ResumeReason.USER,
  },
  admin: {
    cancel: TermReason.ADMIN,
    hold: PendReason.ADMIN_STOP,
    suspend: SuspendReason.ADMIN,
    resume: ResumeReason.ADMIN,
  },
} as const;

/**
 * Decides what `signal` does to `job`. A malformed signal is refused before the job's state is
 * looked at, because the request is wrong whatever the job does.
 */
export function decideSignal(job: Job, signal: number, by: SignalActor = 'owner'): SignalDecision {
  if (!isSupportedSignal(signal)) {
    return { kind: 'refuse', lsbe: Lsbe.BAD_SIGNAL };
  }
  if (FINISHED_STATES.has(job.state)) {
    return { kind: 'refuse', lsbe: Lsbe.JOB_FINISH };
  }

  return PENDING_STATES.has(job.state)
    ? decideForPending(job.state, signal, by)
    : decideForStarted(job.state, signal, by);
}

function decideForPending(state: JobState, signal: number, by: SignalActor): SignalDecision {
  if (CANCELS_PENDING.has(signal)) {
    return { kind: 'transition', to: 'EXIT', reason: REASONS[by].cancel };
  }

  if (STOPS.has(signal)) {
    // The checklist wants a second hold refused, where LSF reports it as a success.
    return state === 'PSUSP'
      ? { kind: 'refuse', lsbe: Lsbe.JOB_SUSP }
      : { kind: 'transition', to: 'PSUSP', reason: REASONS[by].hold };
  }

  if (signal === Signal.CONT) {
    return state === 'PSUSP'
      ? { kind: 'transition', to: 'PEND', reason: PendReason.USER_RESUME }
      : { kind: 'noop' };
  }

  return { kind: 'refuse', lsbe: Lsbe.NOT_STARTED };
}

function decideForStarted(state: JobState, signal: number, by: SignalActor): SignalDecision {
  if (STOPS.has(signal)) {
    // A stop is always delivered as SIGSTOP: a job may catch or ignore TSTP.
    return state === 'USUSP'
      ? { kind: 'noop' }
      : { kind: 'deliver', signal: Signal.STOP, then: 'USUSP', reason: REASONS[by].suspend };
  }

  if (signal === Signal.CONT) {
    return state === 'RUN'
      ? { kind: 'noop' }
      : { kind: 'deliver', signal: Signal.CONT, then: 'RUN', reason: REASONS[by].resume };
  }

  // KILL stands for LSF's whole terminate sequence (continue, INT, TERM, then KILL), which
  // sbatchd runs; any other signal goes through as it is. Either way the state changes only
  // when sbatchd reports that the job ended.
  return { kind: 'deliver', signal };
}
