import { isUnconfirmed, startOverdue } from '../domain/start-confirmation';
import type { BatchContext } from './batch-context';
import { startOnHost } from './dispatcher';

/**
 * Sends again each start that sbatchd has not confirmed within `timeoutMs`, to a host whose
 * sbatchd is registered and answering (one that is not gets its starts when it registers).
 * Starts that were confirmed, or whose attempt is over, are forgotten.
 */
export function resendOverdueStarts(ctx: BatchContext, nowMs: number, timeoutMs: number): void {
  for (const [jobId, sent] of ctx.unconfirmedStarts) {
    const job = ctx.jobs.get(jobId);
    if (!isUnconfirmed(job, sent)) {
      ctx.unconfirmedStarts.delete(jobId);
      continue;
    }
    const host = ctx.hosts.get(job.execHosts[0]);
    const reachable = host !== undefined && host.sbatchdLive && !host.unreachable;
    if (!reachable || ctx.startsInFlight.has(jobId) || !startOverdue(job, sent, nowMs, timeoutMs)) {
      continue;
    }
    ctx.log.info('job start resent', {
      job_id: jobId,
      host: host.name,
      attempt: sent.attempt,
      reason: 'start not confirmed',
    });
    void startOnHost(ctx, job);
  }
}
