import { type Job, STARTED_STATES } from './job';

/** A start request mbatchd sent and sbatchd has not yet confirmed. */
export interface UnconfirmedStart {
  attempt: number;
  sentAtMs: number;
}

/**
 * Whether a start must be sent again: the job still runs that attempt as far as mbatchd knows,
 * no report has given its pid, and the host has not confirmed the request for `timeoutMs`.
 * A start lost on the way (the sbatchd stream staying up) would otherwise leave the job RUN
 * with no process; sbatchd starts each attempt at most once, so a resend is harmless.
 */
export function startOverdue(
  job: Job,
  sent: UnconfirmedStart,
  nowMs: number,
  timeoutMs: number,
): boolean {
  return isUnconfirmed(job, sent) && nowMs - sent.sentAtMs >= timeoutMs;
}

/** False once the start is confirmed by a report (the pid is known) or the attempt is over. */
export function isUnconfirmed(job: Job | undefined, sent: UnconfirmedStart): job is Job {
  return (
    job !== undefined &&
    STARTED_STATES.has(job.state) &&
    job.dispatchAttempt === sent.attempt &&
    job.pid === undefined
  );
}
