import { Lsbe } from '../../../common/src/lsbe';
import { transition } from '../domain/job-state';
import type { Job } from '../domain/job';
import { formatPendReasons, HostView, Placement, QueueView, schedule } from '../domain/scheduler';
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

  constructor(private readonly ctx: BatchContext) {
    ctx.wakeScheduler = () => this.wake();
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
    const plan = schedule(pending, this.queueViews(), this.hostViews());

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

  private queueViews(): QueueView[] {
    return this.ctx.config.queues.map((queue) => ({
      name: queue.name,
      priority: queue.priority,
      active: this.ctx.switches(queue.name).active,
      hosts: queue.hosts.includes('all') ? 'all' : queue.hosts,
    }));
  }

  private hostViews(): HostView[] {
    const used = this.ctx.jobs.usedSlots();
    return this.ctx.hosts.all().map((host) => ({
      name: host.name,
      limOk: host.limStatus !== 'unavail',
      sbatchdLive: host.sbatchdLive && !host.unreachable,
      closedByAdmin: host.closedByAdmin,
      maxSlots: this.ctx.maxSlots(host.name),
      usedSlots: used.get(host.name) ?? 0,
    }));
  }
}

/**
 * Asks the job's first host to start the recorded attempt. An unreachable host is not an
 * error: the attempt is sent again when its sbatchd registers. A host that refuses puts the
 * job back to pending with the reason in its history.
 */
export async function startOnHost(ctx: BatchContext, job: Job): Promise<void> {
  const host = job.execHosts[0];
  let reply;
  try {
    reply = await ctx.execution.startJob(host, job);
  } catch (error) {
    ctx.log.warn('job start not delivered', {
      job_id: job.id,
      host,
      reason: (error as Error).message,
    });
    return;
  }
  if (reply.lsbe === Lsbe.NO_ERROR) {
    return;
  }
  await requeueAfterFailedStart(ctx, job, reply.error || `start refused with code ${reply.lsbe}`);
}

async function requeueAfterFailedStart(
  ctx: BatchContext,
  started: Job,
  reason: string,
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
    const change = transition(job, 'PEND', reason);
    job.execHosts = [];
    job.startTimeMs = undefined;
    job.pid = undefined;
    await ctx.writer.commit([
      {
        job,
        events: [stateEvent(change, 'STATE', 'mbatchd', Date.now())],
      },
    ]);
  });
  ctx.wakeScheduler();
}
