import { compareJobIds } from '../../../common/src/job-id';
import { FINISHED_STATES, type Job, PENDING_STATES, STARTED_STATES } from './job';
import { dispatchOrder, type QueueView } from './scheduler';

/**
 * bjobs' order, as LSF lists jobs: started ones (RUN, SSUSP, USUSP) by id, then pending ones
 * (PEND, PSUSP) in dispatch order, then finished ones in the order they ended. A pending job
 * whose queue is no longer configured has no place in the dispatch order: it follows the
 * other pending jobs, by id, and is never left out.
 */
export function listOrder(jobs: readonly Job[], queues: readonly QueueView[]): Job[] {
  const started = jobs
    .filter((job) => STARTED_STATES.has(job.state))
    .sort((a, b) => compareJobIds(a.id, b.id));
  const known = new Set(queues.map((queue) => queue.name));
  const pending = jobs.filter((job) => PENDING_STATES.has(job.state));
  const queued = pending.filter((job) => known.has(job.spec.queue));
  const orphaned = pending
    .filter((job) => !known.has(job.spec.queue))
    .sort((a, b) => compareJobIds(a.id, b.id));
  const finished = jobs
    .filter((job) => FINISHED_STATES.has(job.state))
    .sort((a, b) => endOf(a) - endOf(b) || compareJobIds(a.id, b.id));
  return [...started, ...dispatchOrder(queued, queues), ...orphaned, ...finished];
}

function endOf(job: Job): number {
  return job.exit?.endTimeMs ?? 0;
}
