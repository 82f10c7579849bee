/**
 * What a brequeue request does to one job, from its state and the options given (lsf-cli.md
 * 1.2 and 3.5): `-r` requeues started jobs, `-d` DONE jobs, `-e` EXIT jobs, `-a` all three;
 * with none of them, `-r`. The caller has already answered LSBE_NO_JOB and LSBE_PERMISSION;
 * deciding changes nothing.
 */

import { Lsbe, type LsbeCode } from '../../../common/src/lsbe';
import { type Job, PENDING_STATES } from './job';

/** Which kinds of job the request is for; all false means started jobs only, as `-r`. */
export interface RequeueKinds {
  running: boolean;
  done: boolean;
  exited: boolean;
}

export type RequeueDecision =
  /** Answer the code and change nothing. */
  | { kind: 'refuse'; lsbe: LsbeCode }
  /** Kill the started job; it goes back to pending once its host reports the end. */
  | { kind: 'kill' }
  /** Put the finished job back to pending at once: nothing runs anywhere. */
  | { kind: 'revive' };

export function decideRequeue(job: Job, kinds: RequeueKinds): RequeueDecision {
  const running = kinds.running || (!kinds.done && !kinds.exited);
  if (PENDING_STATES.has(job.state)) {
    return { kind: 'refuse', lsbe: Lsbe.NOT_STARTED };
  }
  if (job.state === 'DONE' || job.state === 'EXIT') {
    const asked = job.state === 'DONE' ? kinds.done : kinds.exited;
    return asked ? { kind: 'revive' } : { kind: 'refuse', lsbe: Lsbe.JOB_FINISH };
  }
  if (!running) {
    return { kind: 'refuse', lsbe: Lsbe.JOB_STARTED };
  }
  return job.requeue ? { kind: 'refuse', lsbe: Lsbe.JOB_REQUEUED } : { kind: 'kill' };
}
