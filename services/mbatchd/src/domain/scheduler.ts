/**
 * One scheduling pass: which pending jobs go to which hosts now, and why the others wait. Pure:
 * it reads views of jobs, queues and hosts and returns a plan; mbatchd records the plan, then
 * dispatches. It keeps nothing between passes, so mbatchd may pass only what an event touched.
 */

import { arrayIdOf, arrayIndexOf } from '../../../common/src/job-id';
import { UnknownQueueError } from './errors';
import type { JobSpec } from './job';
import { HostPendReason, PendReason } from './reasons';
import { type HostFacts, hostMatches, largerIsBetter, type ResReq } from './res-req';

/** What the scheduler needs of a pending (PEND, never PSUSP) job; a Job fits. */
export interface SchedulableJob {
  id: number;
  spec: Pick<JobSpec, 'queue' | 'slots' | 'askedHosts' | 'submitTimeMs'> &
    Partial<Pick<JobSpec, 'user' | 'exclusive' | 'arrayRunningLimit' | 'maxSlots'>>;
  /** Where btop / bbot put the job among its queue's jobs; its submission time when unset. */
  sortKeyMs?: number;
}

/** A queue as lsb.queues and `badmin qact` / `qinact` leave it. */
export interface QueueView {
  name: string;
  /** PRIORITY: higher queues are served first. */
  priority: number;
  /** False after `badmin qinact`: the queue's jobs stay pending. */
  active: boolean;
  /** HOSTS: the hosts the queue may use, host groups already expanded. */
  hosts: readonly string[] | 'all';
  /** QJOB_LIMIT: slots the queue's started jobs may hold in all; null or absent: no limit. */
  qjobLimit?: number | null;
  /** UJOB_LIMIT: slots one user's started jobs of the queue may hold. */
  ujobLimit?: number | null;
  /** HJOB_LIMIT: slots the queue's started jobs may hold on one host. */
  hjobLimit?: number | null;
  /** PJOB_LIMIT: slots the queue's started jobs may hold per CPU of a host. */
  pjobLimit?: number | null;
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
  /** What select[] sees; absent until lim has described the host. */
  facts?: HostFacts;
  ncpus?: number;
  /** Total memory (maxmem) in MB; absent when unknown. */
  maxMemMb?: number;
  /** Free memory (the mem load index) in MB; absent when unknown. */
  freeMemMb?: number;
  /** Memory reserved by the rusage[mem=] of the host's started jobs, in MB. */
  reservedMemMb?: number;
  /** A started job holds the host exclusively (-x). */
  runsExclusive?: boolean;
}

/** Slots that started jobs hold, counted the ways the queue limits and arrays count them. */
export interface UsageCounts {
  /** By queue. */
  queueSlots: ReadonlyMap<string, number>;
  /** By `usageKey(queue, user)`. */
  queueUserSlots: ReadonlyMap<string, number>;
  /** By `usageKey(queue, host)`. */
  queueHostSlots: ReadonlyMap<string, number>;
  /** Started elements by array id. */
  arrayRunning: ReadonlyMap<number, number>;
}

/** The key of a two-part usage count. */
export function usageKey(queue: string, other: string): string {
  return `${queue}\u0000${other}`;
}

/** What the caller knows of each job beyond its spec. */
export interface ScheduleOptions {
  usage?: UsageCounts;
  /** The job's parsed resource requirement, null when it has none. */
  requirement?: (job: SchedulableJob) => ResReq | null;
  /** Why the whole job waits whatever the hosts (begin time, dependency), or null. */
  gate?: (job: SchedulableJob) => PendReason | null;
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
 * jobs: higher queue PRIORITY first, then btop/bbot position or earlier submission, then lower
 * job id. Throws UnknownQueueError for a job whose queue is not in `queues`.
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
  options: ScheduleOptions = {},
): SchedulePlan {
  // Cost, J jobs and H hosts: O(J log J) to order, then O(H log H + J × H); a job with order[]
  // adds a sort of its candidate hosts.
  const ordered = orderJobs(jobs, indexQueues(queues));
  const usage = new Usage(options.usage);
  const pool = new SlotPool(hosts);
  const plan: SchedulePlan = { placements: [], pending: [] };
  // Jobs alike in everything the hosts judge fail alike until something is placed, so a
  // queue of 10,000 similar jobs costs one look at the hosts, not 10,000.
  const failedShapes = new Map<string, PendingReason[]>();
  const shapes = new ShapeKeys();

  for (const { job, queue } of ordered) {
    const jobReason = jobCondition(job, queue, usage, options);
    if (jobReason !== null) {
      plan.pending.push({ jobId: job.id, reasons: [{ reason: jobReason }] });
      continue;
    }

    const req = options.requirement?.(job) ?? null;
    const most = mostSlots(job, queue, usage);
    const shape = shapes.of(job, queue, req, most);
    const knownFailure = failedShapes.get(shape);
    if (knownFailure) {
      plan.pending.push({ jobId: job.id, reasons: knownFailure });
      continue;
    }
    const filter = new HostFilter(queue, job, req, usage);
    const placed = pool.take(job.spec.slots, most, filter);
    if (placed) {
      plan.placements.push({ jobId: job.id, hosts: placed });
      usage.add(job, queue.name, placed);
      failedShapes.clear();
    } else {
      const reasons = pool.explain(filter);
      failedShapes.set(shape, reasons);
      plan.pending.push({ jobId: job.id, reasons });
    }
  }

  return plan;
}

/**
 * What the hosts see of a job: its queue (HOSTS and per-host limits), slots, -m hosts, -x and
 * requirement (by object: equal -R texts share one parsed requirement).
 */
class ShapeKeys {
  private readonly reqIds = new WeakMap<ResReq, number>();
  private nextReqId = 1;

  of(job: SchedulableJob, queue: QueueView, req: ResReq | null, most: number): string {
    let reqId = 0;
    if (req) {
      reqId = this.reqIds.get(req) ?? this.nextReqId++;
      this.reqIds.set(req, reqId);
    }
    const { slots, askedHosts, exclusive } = job.spec;
    const hosts = askedHosts.join(' ');
    return [queue.name, slots, most, hosts, exclusive ? 1 : 0, reqId].join('\u0000');
  }
}

/** Why the whole job waits, in OpenLava's order of checks, or null when hosts decide. */
function jobCondition(
  job: SchedulableJob,
  queue: QueueView,
  usage: Usage,
  options: ScheduleOptions,
): PendReason | null {
  if (!queue.active) {
    return PendReason.QUEUE_INACTIVE;
  }
  const gate = options.gate?.(job) ?? null;
  if (gate !== null) {
    return gate;
  }
  const arrayLimit = job.spec.arrayRunningLimit ?? 0;
  if (arrayLimit > 0 && arrayIndexOf(job.id) > 0 && usage.arrayRunning(job.id) >= arrayLimit) {
    return PendReason.ARRAY_LIMIT;
  }
  const slots = job.spec.slots;
  if (isLimit(queue.qjobLimit) && usage.queue(queue.name) + slots > queue.qjobLimit) {
    return PendReason.QUEUE_JOB_LIMIT;
  }
  const user = job.spec.user ?? '';
  if (isLimit(queue.ujobLimit) && usage.queueUser(queue.name, user) + slots > queue.ujobLimit) {
    return PendReason.QUEUE_USER_LIMIT;
  }
  return null;
}

/**
 * The most slots a job may take now: the max of `-n min,max` (its slots otherwise), within
 * what the queue's QJOB_LIMIT and UJOB_LIMIT leave. jobCondition has made sure its min fits.
 */
function mostSlots(job: SchedulableJob, queue: QueueView, usage: Usage): number {
  let most = Math.max(job.spec.slots, job.spec.maxSlots ?? 0);
  if (isLimit(queue.qjobLimit)) {
    most = Math.min(most, queue.qjobLimit - usage.queue(queue.name));
  }
  if (isLimit(queue.ujobLimit)) {
    most = Math.min(most, queue.ujobLimit - usage.queueUser(queue.name, job.spec.user ?? ''));
  }
  return most;
}

function isLimit(limit: number | null | undefined): limit is number {
  return limit !== null && limit !== undefined;
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
      (a.job.sortKeyMs ?? a.job.spec.submitTimeMs) - (b.job.sortKeyMs ?? b.job.spec.submitTimeMs) ||
      a.job.id - b.job.id,
  );
}

/** The usage counts of started jobs plus what this pass placed. */
class Usage {
  private readonly queueSlots: Map<string, number>;
  private readonly queueUserSlots: Map<string, number>;
  private readonly queueHostSlots: Map<string, number>;
  private readonly arrays: Map<number, number>;

  constructor(start: UsageCounts | undefined) {
    this.queueSlots = new Map(start?.queueSlots ?? []);
    this.queueUserSlots = new Map(start?.queueUserSlots ?? []);
    this.queueHostSlots = new Map(start?.queueHostSlots ?? []);
    this.arrays = new Map(start?.arrayRunning ?? []);
  }

  queue(queue: string): number {
    return this.queueSlots.get(queue) ?? 0;
  }

  queueUser(queue: string, user: string): number {
    return this.queueUserSlots.get(usageKey(queue, user)) ?? 0;
  }

  queueHost(queue: string, host: string): number {
    return this.queueHostSlots.get(usageKey(queue, host)) ?? 0;
  }

  arrayRunning(jobId: number): number {
    return this.arrays.get(arrayIdOf(jobId)) ?? 0;
  }

  add(job: SchedulableJob, queue: string, hosts: readonly string[]): void {
    bump(this.queueSlots, queue, hosts.length);
    bump(this.queueUserSlots, usageKey(queue, job.spec.user ?? ''), hosts.length);
    hosts.forEach((host) => bump(this.queueHostSlots, usageKey(queue, host), 1));
    if (arrayIndexOf(job.id) > 0) {
      bump(this.arrays, arrayIdOf(job.id), 1);
    }
  }
}

function bump<K>(counts: Map<K, number>, key: K, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/**
 * Which hosts one job may use and how many of its slots each may take: its queue's HOSTS and
 * per-host limits, its -m list, -x, and its resource requirement.
 */
class HostFilter {
  private readonly queueHosts: ReadonlySet<string> | null;
  private readonly askedHosts: ReadonlySet<string> | null;

  constructor(
    readonly queue: QueueView,
    readonly job: SchedulableJob,
    readonly req: ResReq | null,
    private readonly usage: Usage,
  ) {
    this.queueHosts = queue.hosts === 'all' ? null : new Set(queue.hosts);
    this.askedHosts = job.spec.askedHosts.length === 0 ? null : new Set(job.spec.askedHosts);
  }

  /** Why the job may not use the host whatever its free slots, or null when it may. */
  refusal(host: HostState): HostPendReason | null {
    const name = host.view.name;
    if (this.queueHosts && !this.queueHosts.has(name)) {
      return HostPendReason.NOT_QUEUE_HOST;
    }
    if (this.askedHosts && !this.askedHosts.has(name)) {
      return HostPendReason.NOT_ASKED;
    }
    if (this.req?.select && !(host.view.facts && hostMatches(this.req.select, host.view.facts))) {
      return HostPendReason.RES_REQ;
    }
    const memMb = this.req?.rusageMemMb ?? null;
    if (memMb !== null) {
      if (host.view.maxMemMb === undefined || memMb > host.view.maxMemMb) {
        return HostPendReason.RES_REQ;
      }
      const free = (host.view.freeMemMb ?? host.view.maxMemMb) - host.reservedMemMb;
      if (memMb > free) {
        return HostPendReason.RUSAGE_MEM;
      }
    }
    if (host.exclusive) {
      return HostPendReason.EXCLUSIVE;
    }
    if (this.job.spec.exclusive && host.free < host.view.maxSlots) {
      return HostPendReason.NONEXCLUSIVE;
    }
    return null;
  }

  /** The job's slots the host may take now, and the limit that keeps it from more. */
  capacity(host: HostState): { slots: number; limit: HostPendReason } {
    let slots = host.free;
    let limit: HostPendReason = HostPendReason.JOB_LIMIT;
    const held = this.usage.queueHost(this.queue.name, host.view.name);
    if (isLimit(this.queue.hjobLimit) && this.queue.hjobLimit - held < slots) {
      slots = this.queue.hjobLimit - held;
      limit = HostPendReason.QUEUE_HOST_LIMIT;
    }
    const cpus = host.view.ncpus ?? host.view.maxSlots;
    if (isLimit(this.queue.pjobLimit) && this.queue.pjobLimit * cpus - held < slots) {
      slots = Math.floor(this.queue.pjobLimit * cpus - held);
      limit = HostPendReason.QUEUE_PROC_LIMIT;
    }
    return { slots: Math.max(0, slots), limit };
  }
}

/** The order reasons are listed in, OpenLava's order of checks: host, then job, then slots. */
const HOST_REASON_ORDER: readonly HostPendReason[] = [
  HostPendReason.LOAD_UNAVAIL,
  HostPendReason.SBD_UNREACH,
  HostPendReason.HOST_CLOSED,
  HostPendReason.NOT_QUEUE_HOST,
  HostPendReason.NOT_ASKED,
  HostPendReason.RES_REQ,
  HostPendReason.RUSAGE_MEM,
  HostPendReason.EXCLUSIVE,
  HostPendReason.NONEXCLUSIVE,
  HostPendReason.QUEUE_HOST_LIMIT,
  HostPendReason.QUEUE_PROC_LIMIT,
  HostPendReason.JOB_LIMIT,
  HostPendReason.NO_SPAN,
  HostPendReason.LESS_SLOTS,
];

/** One host during a pass: its free slots and what jobs placed in this pass took. */
interface HostState {
  view: HostView;
  free: number;
  reservedMemMb: number;
  exclusive: boolean;
}

/**
 * The free slots of the hosts that can take work, consumed job by job. `order` keeps the hosts
 * with free slots sorted by most free first, then name, so that the first fit is the best one
 * and long jobs spread across hosts.
 */
class SlotPool {
  private readonly states = new Map<string, HostState>();
  private order: string[];

  constructor(private readonly hosts: readonly HostView[]) {
    for (const host of hosts) {
      if (hostCondition(host) === null) {
        this.states.set(host.name, {
          view: host,
          // A host can be over-full after a reconfiguration lowered its MXJ.
          free: Math.max(0, host.maxSlots - host.usedSlots),
          reservedMemMb: host.reservedMemMb ?? 0,
          exclusive: host.runsExclusive ?? false,
        });
      }
    }
    this.order = [...this.states.keys()].filter((name) => this.slotsOf(name) > 0);
    this.order.sort((a, b) => this.compare(a, b));
  }

  /**
   * Takes at least `least` and at most `most` slots for a job, best hosts first, so a job that
   * fits on one host stays on it; returns one host name per slot, or null, taking nothing,
   * when fewer than `least` are free to it.
   */
  take(least: number, most: number, filter: HostFilter): string[] | null {
    const picked = this.pick(least, most, filter);
    if (picked === null) {
      return null;
    }

    for (const [name, count] of picked) {
      const state = this.states.get(name)!;
      state.free -= count;
      state.reservedMemMb += filter.req?.rusageMemMb ?? 0;
      state.exclusive ||= filter.job.spec.exclusive ?? false;
    }
    this.reorder(picked.map(([name]) => name));
    return picked.flatMap(([name, count]) => Array<string>(count).fill(name));
  }

  private pick(least: number, most: number, filter: HostFilter): Array<[string, number]> | null {
    const req = filter.req;
    const candidates = req && req.order.length > 0 ? this.ordered(req) : this.order;
    const picked: Array<[string, number]> = [];
    let missing = most;
    for (const name of candidates) {
      const state = this.states.get(name)!;
      if (filter.refusal(state) !== null) {
        continue;
      }
      const capacity = filter.capacity(state).slots;
      let count = Math.min(capacity, missing);
      if (req?.spanOneHost && capacity < least) {
        continue;
      }
      if (req?.ptile) {
        if (capacity < Math.min(req.ptile, missing)) {
          continue;
        }
        count = Math.min(req.ptile, missing);
      }
      if (count <= 0) {
        continue;
      }
      picked.push([name, count]);
      missing -= count;
      if (missing === 0 || req?.spanOneHost) {
        return picked;
      }
    }
    return most - missing >= least ? picked : null;
  }

  /** The hosts with free slots by the job's order[] keys, then as the pool orders them. */
  private ordered(req: ResReq): string[] {
    const value = (name: string, index: string): number => {
      const numbers = this.states.get(name)!.view.facts?.numbers;
      return index === 'slots' ? this.slotsOf(name) : (numbers?.get(index) ?? Number.NaN);
    };
    return [...this.order].sort((a, b) => {
      for (const key of req.order) {
        const descending = largerIsBetter(key.name) !== key.reversed;
        const [x, y] = [value(a, key.name), value(b, key.name)];
        if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
          if (Number.isNaN(x) || Number.isNaN(y)) {
            return Number.isNaN(x) ? 1 : -1;
          }
          return descending ? y - x : x - y;
        }
      }
      return 0;
    });
  }

  /** Why a job that `take` could not place waits, grouped by reason, hosts in input order. */
  explain(filter: HostFilter): PendingReason[] {
    if (this.hosts.length === 0) {
      // No host has registered yet: nothing to blame but the wait itself.
      return [{ reason: PendReason.NEW_JOB }];
    }

    const byReason = new Map<HostPendReason, string[]>();
    for (const host of this.hosts) {
      const state = this.states.get(host.name);
      const reason =
        hostCondition(host) ?? filter.refusal(state!) ?? this.slotReason(state!, filter);
      const names = byReason.get(reason) ?? [];
      names.push(host.name);
      byReason.set(reason, names);
    }

    return HOST_REASON_ORDER.flatMap((reason) => {
      const names = byReason.get(reason);
      return names ? [{ reason, hosts: names }] : [];
    });
  }

  private slotReason(state: HostState, filter: HostFilter): HostPendReason {
    const capacity = filter.capacity(state);
    if (capacity.slots === 0) {
      return capacity.limit;
    }
    const spans = filter.req?.spanOneHost || (filter.req?.ptile ?? 0) > 0;
    return spans ? HostPendReason.NO_SPAN : HostPendReason.LESS_SLOTS;
  }

  private slotsOf(name: string): number {
    return this.states.get(name)?.free ?? 0;
  }

  private compare(a: string, b: string): number {
    return this.slotsOf(b) - this.slotsOf(a) || (a < b ? -1 : a > b ? 1 : 0);
  }

  // Only the picked hosts changed: take them out and insert each again where it now belongs,
  // which keeps this O(H) per job.
  private reorder(picked: readonly string[]): void {
    const touched = new Set(picked);
    this.order = this.order.filter((name) => !touched.has(name));

    for (const name of picked) {
      if (this.slotsOf(name) === 0) {
        continue;
      }
      let low = 0;
      let high = this.order.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (this.compare(this.order[mid], name) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      this.order.splice(low, 0, name);
    }
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
