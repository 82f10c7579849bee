import type { HistoryRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { parseEventDetails } from './history-details';

/** Seconds a job spent in each state, as bhist's summary prints them. */
export interface TimeInStates {
  pend: number;
  psusp: number;
  run: number;
  ususp: number;
  ssusp: number;
  unkwn: number;
  total: number;
  /** True when the job reached DONE or EXIT. */
  finished: boolean;
  /** The summary's "by" time: the last event of a finished job, otherwise now. */
  asOfMs: number;
}

type Bucket = 'pend' | 'psusp' | 'run' | 'ususp' | 'ssusp';

const BUCKET: Partial<Record<JobState, Bucket>> = {
  [JobState.JOB_STATE_PEND]: 'pend',
  [JobState.JOB_STATE_PSUSP]: 'psusp',
  [JobState.JOB_STATE_RUN]: 'run',
  [JobState.JOB_STATE_SSUSP]: 'ssusp',
  [JobState.JOB_STATE_USUSP]: 'ususp',
};

interface Tracker {
  state: JobState | undefined;
  /** The execution host does not answer: time counts as UNKWN whatever the state. */
  unreachable: boolean;
}

function isFinal(state: JobState | undefined): boolean {
  return state === JobState.JOB_STATE_DONE || state === JobState.JOB_STATE_EXIT;
}

/**
 * Applies one event. An event's toState wins; SUBMIT and DISPATCH imply theirs when they
 * carry none. UNKNOWN_HOST (or a toState of UNKWN) overlays UNKWN on the real state, and
 * RECONCILE lifts it.
 */
function apply(tracker: Tracker, event: HistoryRecord): void {
  if (event.kind === 'UNKNOWN_HOST' || event.toState === JobState.JOB_STATE_UNKWN) {
    tracker.unreachable = true;
    return;
  }
  if (event.kind === 'RECONCILE') {
    tracker.unreachable = false;
  }
  if (event.toState !== JobState.JOB_STATE_UNSPECIFIED) {
    tracker.state = event.toState;
  } else if (event.kind === 'SUBMIT') {
    const held = parseEventDetails(event.detailsJson).hold === true;
    tracker.state = held ? JobState.JOB_STATE_PSUSP : JobState.JOB_STATE_PEND;
  } else if (event.kind === 'DISPATCH') {
    tracker.state = JobState.JOB_STATE_RUN;
  }
  if (isFinal(tracker.state)) {
    tracker.unreachable = false;
  }
}

/**
 * Splits a job's life into the states it passed through, from its events in order, up to
 * the finish or, for an unfinished job, up to `nowMs`. Times are whole seconds, as in the
 * event log, so the columns add up to TOTAL; an event stamped before its predecessor counts
 * as no time rather than negative time.
 */
export function timeInStates(events: readonly HistoryRecord[], nowMs: number): TimeInStates {
  const times = { pend: 0, psusp: 0, run: 0, ususp: 0, ssusp: 0, unkwn: 0 };
  const tracker: Tracker = { state: undefined, unreachable: false };
  let lastSec = 0;
  let lastEventMs = nowMs;

  const spend = (untilSec: number): void => {
    if (tracker.state !== undefined && !isFinal(tracker.state)) {
      const bucket = tracker.unreachable ? 'unkwn' : BUCKET[tracker.state];
      if (bucket) {
        times[bucket] += Math.max(0, untilSec - lastSec);
      }
    }
    lastSec = Math.max(lastSec, untilSec);
  };

  for (const event of events) {
    spend(Math.floor(event.timeMs / 1000));
    apply(tracker, event);
    lastEventMs = event.timeMs;
  }
  const finished = isFinal(tracker.state);
  if (!finished) {
    spend(Math.floor(nowMs / 1000));
  }

  const total = Object.values(times).reduce((sum, value) => sum + value, 0);
  return { ...times, total, finished, asOfMs: finished ? lastEventMs : nowMs };
}
