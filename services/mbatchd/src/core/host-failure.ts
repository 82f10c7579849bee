import { isHostFailed } from '../domain/host-book';
import type { HistoryEvent } from '../domain/history-event';
import { type Job, STARTED_STATES } from '../domain/job';
import { transition } from '../domain/job-state';
import { PendReason } from '../domain/reasons';
import type { BatchContext } from './batch-context';
import { draft, stateEvent } from './job-writer';

/**
 * Requeues the rerunnable jobs of failed hosts (isHostFailed): each goes back to PEND under
 * the same id and runs again elsewhere, seeing LSB_RESTART=Y. The old run is never the job
 * again: its dispatch attempt is over, so its reports are stale and, should the host come
 * back with it still running, it is killed (HostSessions). Other jobs stay UNKWN, as in LSF.
 */
export async function rerunJobsOfFailedHosts(ctx: BatchContext): Promise<void> {
  const failed = ctx.hosts.all().filter(isHostFailed);
  const jobs = failed.flatMap((host) => ctx.jobs.startedOn(host.name));
  const requeued = await Promise.all(
    jobs.filter((job) => ctx.isRerunnable(job)).map((job) => rerun(ctx, job.id)),
  );
  if (requeued.some(Boolean)) {
    ctx.wakeScheduler();
  }
}

async function rerun(ctx: BatchContext, jobId: number): Promise<boolean> {
  return ctx.writer.withJob(jobId, async () => {
    const current = ctx.jobs.get(jobId);
    const host = ctx.hosts.get(current?.execHosts[0] ?? '');
    if (!current || !STARTED_STATES.has(current.state) || !host || !isHostFailed(host)) {
      return false;
    }
    const job = draft(current);
    const events = rerunEvents(job, host.name, Date.now());
    await ctx.writer.commit([{ job, events }]);
    return true;
  });
}

/** Takes the job back to PEND with nothing left of the lost run but its history. */
function rerunEvents(job: Job, host: string, timeMs: number): HistoryEvent[] {
  const details = { host, attempt: job.dispatchAttempt, rerun: true };
  const change = transition(job, 'PEND', PendReason.RERUN);
  job.rerun = true;
  job.execHosts = [];
  job.startTimeMs = undefined;
  job.pid = undefined;
  job.exit = undefined;
  job.termReason = undefined;
  job.requeue = undefined;
  job.doneWhenKilled = undefined;
  job.hostUnreachable = false;
  job.pendReason = PendReason.REQUEUED;
  return [stateEvent(change, 'REQUEUE', 'mbatchd', timeMs, details)];
}
