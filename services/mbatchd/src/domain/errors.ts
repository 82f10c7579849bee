/**
 * Errors the mbatchd domain throws. Each one means mbatchd itself broke an invariant, never
 * that a user asked for something refused: refusals are LSBE codes in ordinary results.
 */

import type { JobState } from './job';

/**
 * Thrown by `transition()` when a job is asked to take an edge the TRANSITIONS table does not
 * hold, e.g. DONE -> RUN. The job is left as it was.
 */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly jobId: number,
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super(`Job <${jobId}>: illegal state transition ${from} -> ${to}`);
  }
}

/**
 * Thrown by `schedule()` when a pending job names a queue absent from the queue list it was
 * given: the caller must move such jobs before the queue leaves the configuration.
 */
export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';

  constructor(
    readonly jobId: number,
    readonly queue: string,
  ) {
    super(`Job <${jobId}>: queue <${queue}> is not configured`);
  }
}
