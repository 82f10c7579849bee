/**
 * The job state machine. TRANSITIONS lists every legal edge and `transition()` is the only code
 * that assigns `job.state`, so a state no edge leads to can never be reached.
 */

import { IllegalTransitionError } from './errors';
import type { Job, JobState } from './job';

/**
 * The legal edges, from state to the states it may move to. A finished job leaves DONE or
 * EXIT only when brequeue sends it back to PEND. UNKWN is not here because it is a flag, not a
 * state.
 */
export const TRANSITIONS: Readonly<Record<JobState, ReadonlySet<JobState>>> = {
  // Hold (bstop), dispatch, and kill before the job ever ran.
  PEND: new Set<JobState>(['PSUSP', 'RUN', 'EXIT']),
  // Release (bresume) and kill while held.
  PSUSP: new Set<JobState>(['PEND', 'EXIT']),
  // User and system suspension, the job's end, and requeue back to PEND.
  RUN: new Set<JobState>(['USUSP', 'SSUSP', 'DONE', 'EXIT', 'PEND']),
  // Resume goes straight to RUN: the MVP checklist has no SSUSP stop on the way back.
  USUSP: new Set<JobState>(['RUN', 'DONE', 'EXIT', 'PEND']),
  // A user stop overrides a system suspension, so SSUSP may become USUSP.
  SSUSP: new Set<JobState>(['RUN', 'USUSP', 'DONE', 'EXIT', 'PEND']),
  // brequeue -d, -e, -a: the same job runs again.
  DONE: new Set<JobState>(['PEND']),
  EXIT: new Set<JobState>(['PEND']),
};

/** One accepted state change: what the store records and the log line reports. */
export interface StateChange {
  jobId: number;
  from: JobState;
  to: JobState;
  /** Why, in LSF's words where LSF has them, e.g. TERM_OWNER. */
  reason: string;
}

/** True when TRANSITIONS holds the edge `from -> to`. */
export function isLegalTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].has(to);
}

/**
 * Moves `job` to `to` and reports the change. Throws IllegalTransitionError, leaving the job
 * untouched, when the edge is not legal; staying in the same state is never an edge.
 */
export function transition(job: Job, to: JobState, reason: string): StateChange {
  const from = job.state;
  if (!isLegalTransition(from, to)) {
    throw new IllegalTransitionError(job.id, from, to);
  }

  job.state = to;
  return { jobId: job.id, from, to, reason };
}
