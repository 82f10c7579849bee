import { Lsbe } from '../../../common/src/lsbe';
import { transition } from '../domain/job-state';
import type { Job } from '../domain/job';
import { PendReason } from '../domain/reasons';
import type { ResReq } from '../domain/res-req';
import { formatPendReasons, Placement, schedule } from '../domain/scheduler';
import { DependencyGate } from './dependencies';
import { hostViews, queueViews, RequirementCache, usageCounts } from './scheduling-views';
import type { BatchContext } from './batch-context';
import { draft, stateEvent } from './job-writer';

/**
 * Runs scheduling passes: when woken by an event (a submission, a job's end, a host coming
 * back) and on the MBD_SLEEP_TIME interval. Passes never overlap; a wake-up during a pass
 * asks for one more.
 */
export class Dispatcher {
  private running = false;
  private again = false;
  private wakeQueued = false;
  private timer: NodeJS.Timeout | null = null;
  private beginTimer: NodeJS.Timeout | null = null;
  private beginTimerAt = 0;
  private readonly reqs: RequirementCache;
  private readonly dependencies: DependencyGate;

  constructor(private readonly ctx: BatchContext) {
    ctx.wakeScheduler = () => this.wake();
    this.reqs = new RequirementCache(ctx);
    this.dependencies = new DependencyGate(ctx);
  }

  start(): void {
    const intervalMs = this.ctx.config.params.mbdSleepTimeSec * 1000;
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.wake();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** Batches the wake-ups of one event-loop turn into one pass. */
  wake(): void {
    if (this.wakeQueued) {
      return;
    }
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    } catch (error) {
      this.ctx.log.error('scheduling pass failed', { reason: (error as Error).message });
    } finally {
      this.running = false;
    }
  }

  private async pass(): Promise<void> {
    const pending = this.ctx.jobs.pending();
    if (pending.length === 0) {
      return;
    }
    const started = this.ctx.jobs.started();
    const jobs = new Map(pending.map((job) => [job.id, job]));
    const nowMs = Date.now();
    const plan = schedule(pending, queueViews(this.ctx), hostViews(this.ctx, started, this.reqs), {
      usage: usageCounts(started),
      requirement: (job) => this.requirement(jobs.get(job.id)!),
      gate: (job) => this.gate(jobs.get(job.id)!, nowMs),
    });
    this.dependencies.prune((id) => this.ctx.jobs.get(id)?.state === 'PEND');

    for (const waiting of plan.pending) {
      const job = this.ctx.jobs.get(waiting.jobId);
      if (job) {
        // Pending reasons are recomputed every pass, so they are kept in memory only.
        job.pendReason = formatPendReasons(waiting.reasons);
      }
    }
    await Promise.all(plan.placements.map((placement) => this.dispatch(placement)));
    this.ctx.log.debug('scheduling pass', {
      pending: pending.length,
      dispatched: plan.placements.length,
    });
  }

  /** Records the decision (hosts and attempt) durably, then asks the first host to start it. */
  private dispatch(placement: Placement): Promise<void> {
    return this.ctx.writer.withJob(placement.jobId, async () => {
      const current = this.ctx.jobs.get(placement.jobId);
      if (!current || current.state !== 'PEND') {
        return;
      }
      const job = draft(current);
      job.execHosts = placement.hosts;
      job.dispatchAttempt += 1;
      job.startTimeMs = Date.now();
      job.pendReason = '';
      const change = transition(job, 'RUN', '');
      await this.ctx.writer.commit([
        {
          job,
          events: [
            stateEvent(change, 'DISPATCH', 'mbatchd', job.startTimeMs, {
              hosts: job.execHosts,
              attempt: job.dispatchAttempt,
            }),
          ],
        },
      ]);
      this.ctx.afterDispatchRecorded(job);
      void startOnHost(this.ctx, job);
    });
  }

  /** A requirement that no longer parses (the cluster's resources changed) matches no host. */
  private requirement(job: Job): ResReq | null {
    try {
      return this.reqs.get(job);
    } catch {
      return UNSATISFIABLE;
    }
  }

  /** Begin time first, then dependencies, as OpenLava checks them. */
  private gate(job: Job, nowMs: number): PendReason | null {
    const begin = job.spec.beginTimeMs;
    if (begin !== undefined && begin > nowMs) {
      this.wakeAt(begin);
      return PendReason.START_TIME;
    }
    return this.dependencies.reason(job);
  }

  /** Asks for a pass when the earliest begin time comes, so a -b job starts on time. */
  private wakeAt(timeMs: number): void {
    if (this.beginTimer && this.beginTimerAt <= timeMs) {
      return;
    }
    if (this.beginTimer) {
      clearTimeout(this.beginTimer);
    }
    this.beginTimerAt = timeMs;
    this.beginTimer = setTimeout(
      () => {
        this.beginTimer = null;
        this.wake();
      },
      Math.max(0, timeMs - Date.now()) + 10,
    );
    this.beginTimer.unref();
  }
}

/** A requirement whose select[] no host passes. */
const UNSATISFIABLE: ResReq = {
  select: { kind: 'boolean', name: '' },
  order: [],
  rusageMemMb: null,
  spanOneHost: false,
  ptile: null,
};

/**
 * Asks the job's first host to start the recorded attempt. An unreachable host is not an
 * error: the attempt is sent again when its sbatchd registers, or when it stays unconfirmed
 * too long (resendOverdueStarts). A host that refuses puts the job back to pending with the
 * reason in its history, unless the job's own files are at fault: then the job ends as EXIT,
 * since every other host would refuse it too.
 */
export async function startOnHost(ctx: BatchContext, job: Job): Promise<void> {
  const host = job.execHosts[0];
  const attempt = job.dispatchAttempt;
  ctx.unconfirmedStarts.set(job.id, { attempt, sentAtMs: Date.now() });
  let reply;
  const request = ctx.execution.startJob(host, job);
  const settled = request.catch(() => undefined);
  ctx.startsInFlight.set(job.id, settled);
  void settled.then(() => {
    if (ctx.startsInFlight.get(job.id) === settled) {
      ctx.startsInFlight.delete(job.id);
    }
  });
  try {
    reply = await request;
  } catch (error) {
    ctx.log.warn('job start not delivered', {
      job_id: job.id,
      host,
      reason: (error as Error).message,
    });
    return;
  }
  if (reply.lsbe === Lsbe.NO_ERROR) {
    if (ctx.unconfirmedStarts.get(job.id)?.attempt === attempt) {
      ctx.unconfirmedStarts.delete(job.id);
    }
    return;
  }
  const reason = reply.error || `start refused with code ${reply.lsbe}`;
  await settleFailedStart(ctx, job, reason, reply.jobFault);
}

async function settleFailedStart(
  ctx: BatchContext,
  started: Job,
  reason: string,
  jobFault: boolean,
): Promise<void> {
  await ctx.writer.withJob(started.id, async () => {
    const current = ctx.jobs.get(started.id);
    if (
      !current ||
      current.state !== 'RUN' ||
      current.dispatchAttempt !== started.dispatchAttempt
    ) {
      return;
    }
    const job = draft(current);
    const nowMs = Date.now();
    if (jobFault) {
      job.exit = { cpuTimeSec: 0, maxMemKb: 0, endTimeMs: nowMs };
      const change = transition(job, 'EXIT', reason);
      const finish = stateEvent(change, 'FINISH', 'mbatchd', nowMs, { startError: reason });
      await ctx.writer.commit([{ job, events: [finish] }]);
      return;
    }
    const change = transition(job, 'PEND', reason);
    job.execHosts = [];
    job.startTimeMs = undefined;
    job.pid = undefined;
    await ctx.writer.commit([{ job, events: [stateEvent(change, 'STATE', 'mbatchd', nowMs)] }]);
  });
  ctx.wakeScheduler();
}
