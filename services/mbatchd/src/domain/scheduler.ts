/**
 * One scheduling pass: which pending jobs go to which hosts now, and why the others wait. Pure:
 * it reads views of jobs, queues and hosts and returns a plan; mbatchd records the plan, then
 * dispatches. It keeps nothing between passes, so mbatchd may pass only what an event touched.
 */

import { arrayIndexOf } from '../../../common/src/job-id';
import { UnknownQueueError } from './errors';
import type { JobSpec } from './job';
import { HostPendReason, PendReason } from './reasons';
import type { HostFacts } from './host-match';
import type { ResReq } from './res-req';
import { isLimit, Usage, type UsageCounts } from './scheduling-usage';
import { HostFilter, SlotPool } from './slot-pool';

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
