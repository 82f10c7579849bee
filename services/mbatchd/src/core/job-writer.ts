import type { Logger } from '../../../common/src/logging';
import type { HistoryEvent, HistoryEventKind } from '../domain/history-event';
import type { Job } from '../domain/job';
import type { StateChange } from '../domain/job-state';
import type { JobTable } from '../domain/job-table';
import type { JobStore } from '../domain/store';

/** A new version of one job and the history events that explain it. */
export interface JobUpdate {
  job: Job;
  events: HistoryEvent[];
}

/** A working copy to change before commit; the table keeps the old one until then. */
export function draft(job: Job): Job {
  return structuredClone(job);
}

/** The history event that records a state change. */
export function stateEvent(
  change: StateChange,
  kind: HistoryEventKind,
  actor: string,
  timeMs: number,
  details?: Record<string, unknown>,
): HistoryEvent {
  const { jobId, from, to, reason } = change;
  return { jobId, timeMs, kind, actor, from, to, reason, details };
}

/**
 * The one way job changes reach the store and memory: persist, then replace in memory, then
 * log, in that order, so nobody is told of a change that a crash could lose. Updates of one job
 * run one after another (`withJob`); updates of different jobs share group commits.
 */
export class JobWriter {
  private readonly locks = new Map<number, Promise<unknown>>();

  constructor(
    private readonly store: JobStore,
    private readonly jobs: JobTable,
    private readonly log: Logger,
  ) {}

  async commit(updates: readonly JobUpdate[]): Promise<void> {
    if (updates.length === 0) {
      return;
    }
    await this.store.commit({
      jobs: updates.map((update) => update.job),
      events: updates.flatMap((update) => update.events),
    });

    for (const update of updates) {
      const before = this.jobs.get(update.job.id);
      this.jobs.put(update.job);
      this.logChange(before, update);
    }
  }

  /** Runs `work` once every earlier piece of work on the same job has finished. */
  withJob<T>(jobId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(jobId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(jobId, settled);
    void settled.then(() => {
      if (this.locks.get(jobId) === settled) {
        this.locks.delete(jobId);
      }
    });
    return next;
  }

  private logChange(before: Job | undefined, update: JobUpdate): void {
    const job = update.job;
    const stateEvent = update.events.find((event) => event.to !== undefined);
    if (!before) {
      this.log.info('job submitted', { job_id: job.id, to: job.state, queue: job.spec.queue });
    } else if (before.state !== job.state) {
      this.log.info('job state changed', {
        job_id: job.id,
        host: job.execHosts[0] ?? '',
        from: before.state,
        to: job.state,
        reason: stateEvent?.reason ?? '',
      });
    }
  }
}
