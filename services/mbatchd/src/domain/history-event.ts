/**
 * One entry of a job's append-only history: what `bhist` shows and accounting reads. Every
 * change of a job is written as one of these in the same store transaction as the job row.
 */

import type { JobState } from './job';

/** What happened to the job. */
export type HistoryEventKind =
  /** The job was accepted by mbatchd. */
  | 'SUBMIT'
  /** The job changed state for a reason not covered by a more specific kind (hold, release). */
  | 'STATE'
  /** The scheduler chose hosts for the job and recorded the dispatch attempt. */
  | 'DISPATCH'
  /** sbatchd reported the job's process started, with its pid. */
  | 'START'
  /** A signal was sent to the job (bkill, bstop, bresume). */
  | 'SIGNAL'
  /** The job ended as DONE or EXIT. */
  | 'FINISH'
  /** The job's parameters were changed after submission (bmod). */
  | 'MODIFY'
  /** The job was moved to another queue (bswitch). */
  | 'SWITCH'
  /** The job's position in its queue changed (btop, bbot). */
  | 'MOVE'
  /** The job was asked back to pending (brequeue), or went back once its run ended. */
  | 'REQUEUE'
  /** The execution host stopped answering, or answered again. */
  | 'UNKNOWN_HOST'
  /** After a restart, the job's state was settled with what sbatchd reported. */
  | 'RECONCILE';

export interface HistoryEvent {
  jobId: number;
  /** Wall-clock time of the change, in milliseconds since the epoch. */
  timeMs: number;
  kind: HistoryEventKind;
  /** Who caused the change: a user name, a host name for sbatchd, or the daemon itself. */
  actor: string;
  /** The state before the change, when the change is a state transition. */
  from?: JobState;
  /** The state after the change, when the change is a state transition. */
  to?: JobState;
  /** Why, in LSF's words where LSF has them (e.g. TERM_OWNER); empty when nothing to add. */
  reason: string;
  /** Kind-specific facts, e.g. the hosts and attempt of a DISPATCH or the signal of a SIGNAL. */
  details?: Record<string, unknown>;
}

/** A stored event with its position in the whole history, so a reader can resume after it. */
export interface HistoryEntry {
  /** Increases with every event written; never reused. */
  seq: number;
  event: HistoryEvent;
}
