import type { ClusterConfig, QueueConfig } from '../../../common/src/config';
import { lsbHostLimits } from '../../../common/src/config';
import type { Logger } from '../../../common/src/logging';
import { HostBook } from '../domain/host-book';
import type { Job } from '../domain/job';
import { JobTable } from '../domain/job-table';
import type { RunUsage } from '../domain/run-usage';
import type { UnconfirmedStart } from '../domain/start-confirmation';
import type { JobStore } from '../domain/store';
import type { ExecutionHosts } from './execution-hosts';
import { JobWriter } from './job-writer';

/** A queue's durable switches (`badmin qopen/qclose/qact/qinact`). */
export interface QueueSwitches {
  open: boolean;
  active: boolean;
}

/**
 * Everything mbatchd's operations share: configuration, the store, the in-memory tables and
 * the way to reach execution hosts. Operations live in their own modules and take this.
 */
export class BatchContext {
  readonly jobs: JobTable;
  readonly writer: JobWriter;
  readonly hosts: HostBook;
  readonly queueSwitches = new Map<string, QueueSwitches>();
  /** Start requests on their way to sbatchd, by job id; a signal waits for its job's start. */
  readonly startsInFlight = new Map<number, Promise<unknown>>();
  /**
   * The last usage each host measured of its running jobs, by host and job id; in memory only
   * (see RunUsage). Each heartbeat replaces its host's map, so ended jobs drop out.
   */
  readonly runUsage = new Map<string, Map<number, RunUsage>>();
  /** Starts sent and not yet confirmed by sbatchd, by job id; in memory only (see HostSessions). */
  readonly unconfirmedStarts = new Map<number, UnconfirmedStart>();
  /** Set by the dispatcher: asks for a scheduling pass soon. */
  wakeScheduler: () => void = () => undefined;
  /** Set by main: restarts mbatchd within its process once the current request is answered. */
  restart: () => void = () => undefined;
  /** Called between a dispatch's durable record and the start request: fault injection. */
  afterDispatchRecorded: (job: Job) => void = () => undefined;

  constructor(
    public config: ClusterConfig,
    readonly store: JobStore,
    readonly execution: ExecutionHosts,
    readonly log: Logger,
    loaded: { jobs: Job[]; hostStates: Map<string, unknown>; queueStates: Map<string, unknown> },
  ) {
    this.jobs = new JobTable(loaded.jobs);
    this.writer = new JobWriter(store, this.jobs, log);
    const closed = new Set(
      [...loaded.hostStates]
        .filter(([, state]) => (state as { closed?: boolean }).closed)
        .map(([n]) => n),
    );
    this.hosts = new HostBook(serverHosts(config), closed);
    for (const [name, state] of loaded.queueStates) {
      this.queueSwitches.set(name, state as QueueSwitches);
    }
  }

  /** The last measure of the job's current run, if its host sent one. */
  usageOf(job: Job): RunUsage | undefined {
    const usage = this.runUsage.get(job.execHosts[0] ?? '')?.get(job.id);
    return usage?.attempt === job.dispatchAttempt ? usage : undefined;
  }

  queue(name: string): QueueConfig | undefined {
    return this.config.queues.find((queue) => queue.name === name);
  }

  /** bsub -r or -rn, else the queue's RERUNNABLE: whether a host failure reruns the job. */
  isRerunnable(job: Job): boolean {
    return job.spec.rerunnable ?? this.queue(job.spec.queue)?.rerunnable ?? false;
  }

  switches(queue: string): QueueSwitches {
    return this.queueSwitches.get(queue) ?? { open: true, active: true };
  }

  defaultQueue(): string {
    return this.config.params.defaultQueues[0] ?? this.config.queues[0]?.name ?? 'normal';
  }

  isAdmin(user: string): boolean {
    return user === 'root' || this.config.cluster.admins.includes(user);
  }

  /** MXJ from lsb.hosts, else one slot per CPU the host's lim reported (at least one). */
  maxSlots(host: string): number {
    const limits = lsbHostLimits(this.config.lsbHosts, host);
    if (limits?.mxj !== null && limits?.mxj !== undefined) {
      return limits.mxj;
    }
    return Math.max(1, this.hosts.get(host)?.ncpus ?? 1);
  }

  /** The host's slot count when MXJ sets it or lim has told its CPUs; null before that. */
  knownMaxSlots(host: string): number | null {
    const limits = lsbHostLimits(this.config.lsbHosts, host);
    if (limits?.mxj !== null && limits?.mxj !== undefined) {
      return limits.mxj;
    }
    const ncpus = this.hosts.get(host)?.ncpus ?? 0;
    return ncpus > 0 ? ncpus : null;
  }

  hostExists(name: string): boolean {
    return this.hosts.get(name) !== undefined;
  }
}

function serverHosts(config: ClusterConfig): string[] {
  return config.cluster.hosts.filter((host) => host.server).map((host) => host.name);
}
