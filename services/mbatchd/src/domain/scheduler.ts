/**
 * One scheduling pass: which pending jobs go to which hosts now, and why the others wait. Pure:
 * it reads views of jobs, queues and hosts and returns a plan; mbatchd records the plan, then
 * dispatches. It keeps nothing between passes, so mbatchd may pass only what an event touched.
 */

import { UnknownQueueError } from './errors';
import type { Job, JobSpec } from './job';
import { HostPendReason, PendReason } from './reasons';

/** What the scheduler needs of a pending (PEND, never PSUSP) job; a Job fits. */
export type SchedulableJob = Pick<Job, 'id'> & {
  spec: Pick<JobSpec, 'queue' | 'slots' | 'askedHosts' | 'submitTimeMs'>;
};

/** A queue as lsb.queues and `badmin qact` / `qinact` leave it. */
export interface QueueView {
  name: string;
  /** PRIORITY: higher queues are served first. */
  priority: number;
  /** False after `badmin qinact`: the queue's jobs stay pending. */
  active: boolean;
  /** HOSTS: the hosts the queue may use. */
  hosts: readonly string[] | 'all';
}

/** A batch host as lim and sbatchd last described it. */
export interface HostView {
  name: string;
  /** lim reports the host ok or busy, not unavailable. */
  limOk: boolean;
  /** The host's sbatchd holds a live, registered stream to mbatchd. */
  sbatchdLive: boolean;
  /** `badmin hclose`. */
  closedByAdmin: boolean;
  /** MXJ, or the host's CPU count when lsb.hosts sets none. */
  maxSlots: number;
  /** Slots held by the host's started jobs. */
  usedSlots: number;
}

/** A job to dispatch, with one host name per slot; the first host runs the job script. */
export interface Placement {
  jobId: number;
  hosts: string[];
}

/** One line of `bjobs -p`: a reason for the whole job, or a reason and the hosts it applies to. */
export type PendingReason =
  { reason: PendReason; hosts?: undefined } | { reason: HostPendReason; hosts: string[] };

export interface PendingJob {
  jobId: number;
  reasons: PendingReason[];
}

export interface SchedulePlan {
  placements: Placement[];
  pending: PendingJob[];
}

interface OrderedJob<J extends SchedulableJob> {
  job: J;
  queue: QueueView;
}

/**
 * Jobs in the order the scheduler considers them, which is also `bjobs`' order for pending
 * jobs: higher queue PRIORITY first, then earlier submission, then lower job id. Throws
 * UnknownQueueError for a job whose queue is not in `queues`.
 */
export function dispatchOrder<J extends SchedulableJob>(
  jobs: readonly J[],
  queues: readonly QueueView[],
): J[] {
  return orderJobs(jobs, indexQueues(queues)).map((entry) => entry.job);
}

/**
 * Places every job that fits now, in dispatch order. A job that does not fit does not hold
 * back later ones; the slots a job takes are gone for the jobs after it in the same pass.
 * Throws UnknownQueueError for a job whose queue is not in `queues`.
 */
export function schedule(
  jobs: readonly SchedulableJob[],
  queues: readonly QueueView[],
  hosts: readonly HostView[],
): SchedulePlan {
  // Cost, J jobs and H hosts: O(J log J) to order (O(J) if ordered), then O(H log H + J × H).
  const ordered = orderJobs(jobs, indexQueues(queues));
  const pool = new SlotPool(hosts);
  const plan: SchedulePlan = { placements: [], pending: [] };

  for (const { job, queue } of ordered) {
    if (!queue.active) {
      plan.pending.push({ jobId: job.id, reasons: [{ reason: PendReason.QUEUE_INACTIVE }] });
      continue;
    }

    const filter = new HostFilter(queue, job);
    const placed = pool.take(job.spec.slots, filter);
    if (placed) {
      plan.placements.push({ jobId: job.id, hosts: placed });
    } else {
      plan.pending.push({ jobId: job.id, reasons: pool.explain(filter) });
    }
  }

  return plan;
}

/**
 * The reasons as `bjobs -p` prints them, one per line without the leading space: a job reason
 * as `text;`, a host reason as `text: N hosts;`.
 */
export function formatPendReasons(reasons: readonly PendingReason[]): string {
  return reasons
    .map(({ reason, hosts }) => {
      if (hosts === undefined) {
        return `${reason};`;
      }
      return `${reason}: ${hosts.length} ${hosts.length === 1 ? 'host' : 'hosts'};`;
    })
    .join('\n');
}

function indexQueues(queues: readonly QueueView[]): ReadonlyMap<string, QueueView> {
  return new Map(queues.map((queue) => [queue.name, queue]));
}

function orderJobs<J extends SchedulableJob>(
  jobs: readonly J[],
  queueByName: ReadonlyMap<string, QueueView>,
): Array<OrderedJob<J>> {
  const entries = jobs.map((job) => {
    const queue = queueByName.get(job.spec.queue);
    if (!queue) {
      throw new UnknownQueueError(job.id, job.spec.queue);
    }
    return { job, queue };
  });

  return entries.sort(
    (a, b) =>
      b.queue.priority - a.queue.priority ||
      a.job.spec.submitTimeMs - b.job.spec.submitTimeMs ||
      a.job.id - b.job.id,
  );
}

/** Which hosts one job may use, apart from slots: its queue's HOSTS and its -m list. */
class HostFilter {
  private readonly queueHosts: ReadonlySet<string> | null;
  private readonly askedHosts: ReadonlySet<string> | null;

  constructor(queue: QueueView, job: SchedulableJob) {
    this.queueHosts = queue.hosts === 'all' ? null : new Set(queue.hosts);
    this.askedHosts = job.spec.askedHosts.length === 0 ? null : new Set(job.spec.askedHosts);
  }

  /** Why the job may not use the host, or null when it may. */
  refusal(host: string): HostPendReason | null {
    if (this.queueHosts && !this.queueHosts.has(host)) {
      return HostPendReason.NOT_QUEUE_HOST;
    }
    if (this.askedHosts && !this.askedHosts.has(host)) {
      return HostPendReason.NOT_ASKED;
    }
    return null;
  }
}

/** The order reasons are listed in, OpenLava's order of checks: host, then job, then slots. */
const HOST_REASON_ORDER: readonly HostPendReason[] = [
  HostPendReason.LOAD_UNAVAIL,
  HostPendReason.SBD_UNREACH,
  HostPendReason.HOST_CLOSED,
  HostPendReason.NOT_QUEUE_HOST,
  HostPendReason.NOT_ASKED,
  HostPendReason.JOB_LIMIT,
  HostPendReason.LESS_SLOTS,
];

/**
 * The free slots of the hosts that can take work, consumed job by job. `order` keeps the hosts
 * with free slots sorted by most free first, then name, so that the first fit is the best one
 * and long jobs spread across hosts.
 */
class SlotPool {
  private readonly free = new Map<string, number>();
  private order: string[];

  constructor(private readonly hosts: readonly HostView[]) {
    for (const host of hosts) {
      if (hostCondition(host) === null) {
        // A host can be over-full after a reconfiguration lowered its MXJ.
        this.free.set(host.name, Math.max(0, host.maxSlots - host.usedSlots));
      }
    }
    this.order = [...this.free.keys()].filter((name) => this.slotsOf(name) > 0);
    this.order.sort((a, b) => this.compare(a, b));
  }

  /**
   * Takes `slots` slots for a job, best hosts first, so a job that fits on one host stays on
   * it; returns one host name per slot, or null, taking nothing, when the job does not fit.
   */
  take(slots: number, filter: HostFilter): string[] | null {
    const picked: Array<[string, number]> = [];
    let missing = slots;
    for (const name of this.order) {
      if (filter.refusal(name) !== null) {
        continue;
      }
      const count = Math.min(this.slotsOf(name), missing);
      picked.push([name, count]);
      missing -= count;
      if (missing === 0) {
        break;
      }
    }
    if (missing > 0) {
      return null;
    }

    for (const [name, count] of picked) {
      this.free.set(name, this.slotsOf(name) - count);
    }
    this.reorder(picked.map(([name]) => name));
    return picked.flatMap(([name, count]) => Array<string>(count).fill(name));
  }

  /** Why a job that `take` could not place waits, grouped by reason, hosts in input order. */
  explain(filter: HostFilter): PendingReason[] {
    if (this.hosts.length === 0) {
      // No host has registered yet: nothing to blame but the wait itself.
      return [{ reason: PendReason.NEW_JOB }];
    }

    const byReason = new Map<HostPendReason, string[]>();
    for (const host of this.hosts) {
      const reason = hostCondition(host) ?? filter.refusal(host.name) ?? this.slotReason(host);
      const names = byReason.get(reason) ?? [];
      names.push(host.name);
      byReason.set(reason, names);
    }

    return HOST_REASON_ORDER.flatMap((reason) => {
      const names = byReason.get(reason);
      return names ? [{ reason, hosts: names }] : [];
    });
  }

  private slotReason(host: HostView): HostPendReason {
    return this.slotsOf(host.name) === 0 ? HostPendReason.JOB_LIMIT : HostPendReason.LESS_SLOTS;
  }

  private slotsOf(name: string): number {
    return this.free.get(name) ?? 0;
  }

  private compare(a: string, b: string): number {
    return this.slotsOf(b) - this.slotsOf(a) || (a < b ? -1 : a > b ? 1 : 0);
  }

  // Every picked host but the last gave all its slots, so at most one host goes back in:
  // one filter and one binary insertion keep this O(H) per job.
  private reorder(picked: readonly string[]): void {
    const touched = new Set(picked);
    this.order = this.order.filter((name) => !touched.has(name));

    const last = picked[picked.length - 1];
    if (last === undefined || this.slotsOf(last) === 0) {
      return;
    }
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.order[mid], last) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    this.order.splice(low, 0, last);
  }
}

/** Why the host takes no job at all right now, in the order OpenLava checks, or null. */
function hostCondition(host: HostView): HostPendReason | null {
  if (!host.limOk) {
    return HostPendReason.LOAD_UNAVAIL;
  }
  if (!host.sbatchdLive) {
    return HostPendReason.SBD_UNREACH;
  }
  if (host.closedByAdmin) {
    return HostPendReason.HOST_CLOSED;
  }
  return null;
}
