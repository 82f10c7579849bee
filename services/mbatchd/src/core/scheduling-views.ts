import { unitForLimitsKb, type QueueConfig } from '../../../common/src/config';
import { arrayIdOf } from '../../../common/src/job-id';
import { STARTED_STATES, type Job } from '../domain/job';
import { parseResReqs, type ResReq } from '../domain/res-req';
import { BUILT_IN_RESOURCES, type ResourceKind } from '../domain/resource-kinds';
import type { HostView, QueueView } from '../domain/scheduler';
import { type UsageCounts, usageKey } from '../domain/scheduling-usage';
import type { BatchContext } from './batch-context';

/**
 * The views the scheduler works on, built from mbatchd's tables and configuration: queues with
 * their limits and host groups expanded, hosts with lim's facts and what running jobs hold,
 * and the slots started jobs hold per limit.
 */

/** Every resource name a requirement may use: the built-in ones and the cluster's booleans. */
export function resourceKinds(ctx: BatchContext): Map<string, ResourceKind> {
  const kinds = new Map(BUILT_IN_RESOURCES);
  for (const host of ctx.config.cluster.hosts) {
    host.resources.forEach((resource) => kinds.set(resource.replace(/^!/, ''), 'boolean'));
  }
  return kinds;
}

/** KB per unit of a bare rusage[mem=] number: LSF_UNIT_FOR_LIMITS, MB when unset. */
export function rusageUnitKb(ctx: BatchContext): number {
  const setting = ctx.config.lsfConf.get('LSF_UNIT_FOR_LIMITS');
  return setting ? (unitForLimitsKb(setting) ?? 1024) : 1024;
}

/**
 * Parses each distinct set of -R strings once: jobs with the same strings share one parsed
 * requirement, which also lets the scheduler treat them alike.
 */
export class RequirementCache {
  private readonly cache = new Map<string, ResReq | null>();
  /** The configuration the cached requirements were parsed under. */
  private config: unknown = null;

  constructor(private readonly ctx: BatchContext) {}

  /** Throws ResReqError when the strings no longer parse (the cluster's resources changed). */
  get(job: Job): ResReq | null {
    // The queue's RES_REQ applies to each of its jobs, the job's own -R after it.
    const queueReq = this.ctx.queue(job.spec.queue)?.resReq;
    const texts = queueReq ? [queueReq, ...(job.spec.resReqs ?? [])] : (job.spec.resReqs ?? []);
    if (texts.length === 0) {
      return null;
    }
    // A reconfiguration may change the resources; a flood of distinct strings is not kept.
    if (this.config !== this.ctx.config || this.cache.size >= MAX_CACHED_REQUIREMENTS) {
      this.cache.clear();
      this.config = this.ctx.config;
    }
    const key = texts.join('\u0000');
    if (!this.cache.has(key)) {
      this.cache.set(key, parseResReqs(texts, resourceKinds(this.ctx), rusageUnitKb(this.ctx)));
    }
    return this.cache.get(key)!;
  }
}

const MAX_CACHED_REQUIREMENTS = 10_000;

/** A queue's HOSTS with host groups replaced by their members and `+N` preferences dropped. */
export function queueHostNames(ctx: BatchContext, queue: QueueConfig): string[] | 'all' {
  const names = queue.hosts.map((entry) => entry.replace(/\+[0-9]+$/, ''));
  if (names.includes('all') || names.length === 0) {
    return 'all';
  }
  const groups = new Map(ctx.config.lsbHosts.hostGroups.map((group) => [group.name, group]));
  const expanded = new Set<string>();
  const expand = (name: string, depth: number): void => {
    const group = groups.get(name);
    if (!group) {
      expanded.add(name);
      return;
    }
    if (depth < 10) {
      group.members.forEach((member) => expand(member, depth + 1));
    }
  };
  names.forEach((name) => expand(name, 0));
  if (expanded.has('all')) {
    return 'all';
  }
  return [...expanded];
}

export function queueViews(ctx: BatchContext): QueueView[] {
  return ctx.config.queues.map((queue) => ({
    name: queue.name,
    priority: queue.priority,
    active: ctx.switches(queue.name).active,
    hosts: queueHostNames(ctx, queue),
    qjobLimit: queue.qjobLimit,
    ujobLimit: queue.ujobLimit,
    hjobLimit: queue.hjobLimit,
    pjobLimit: queue.pjobLimit,
  }));
}

/** Each host's booleans from the cluster file; `!name` means the host does not have it. */
function hostBooleans(ctx: BatchContext): Map<string, Set<string>> {
  return new Map(
    ctx.config.cluster.hosts.map((host) => [
      host.name,
      new Set(host.resources.filter((resource) => !resource.startsWith('!'))),
    ]),
  );
}

export function hostViews(
  ctx: BatchContext,
  started: readonly Job[],
  requirements: RequirementCache,
): HostView[] {
  const used = new Map<string, number>();
  const reserved = new Map<string, number>();
  const exclusive = new Set<string>();
  for (const job of started) {
    job.execHosts.forEach((host) => used.set(host, (used.get(host) ?? 0) + 1));
    const memMb = reservedMemMb(requirements, job);
    for (const host of new Set(job.execHosts)) {
      reserved.set(host, (reserved.get(host) ?? 0) + memMb);
      if (job.spec.exclusive) {
        exclusive.add(host);
      }
    }
  }
  const booleans = hostBooleans(ctx);
  return ctx.hosts.all().map((host) => {
    const usedSlots = used.get(host.name) ?? 0;
    const maxSlots = ctx.maxSlots(host.name);
    const numbers = new Map([...host.load, ...host.statics, ['slots', maxSlots - usedSlots]]);
    return {
      name: host.name,
      limOk: host.limStatus !== 'unavail',
      sbatchdLive: host.sbatchdLive && !host.unreachable,
      closedByAdmin: host.closedByAdmin,
      maxSlots,
      usedSlots,
      facts: {
        numbers,
        strings: host.strings,
        booleans: booleans.get(host.name) ?? new Set(),
      },
      ncpus: host.ncpus || undefined,
      maxMemMb: host.statics.get('maxmem'),
      freeMemMb: host.load.get('mem'),
      reservedMemMb: reserved.get(host.name) ?? 0,
      runsExclusive: exclusive.has(host.name),
    };
  });
}

/** A started job's rusage[mem=]; none when its requirement no longer parses after a reconfig. */
function reservedMemMb(requirements: RequirementCache, job: Job): number {
  try {
    return requirements.get(job)?.rusageMemMb ?? 0;
  } catch {
    return 0;
  }
}

/** The slots started jobs hold, by queue, queue and user, queue and host, and array. */
export function usageCounts(started: readonly Job[]): UsageCounts {
  const queueSlots = new Map<string, number>();
  const queueUserSlots = new Map<string, number>();
  const queueHostSlots = new Map<string, number>();
  const arrayRunning = new Map<number, number>();
  const bump = <K>(counts: Map<K, number>, key: K, by: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + by);
  };
  for (const job of started) {
    if (!STARTED_STATES.has(job.state)) {
      continue;
    }
    const { queue, user } = job.spec;
    bump(queueSlots, queue, job.execHosts.length);
    bump(queueUserSlots, usageKey(queue, user), job.execHosts.length);
    job.execHosts.forEach((host) => bump(queueHostSlots, usageKey(queue, host), 1));
    if (job.spec.arrayRunningLimit) {
      bump(arrayRunning, arrayIdOf(job.id), 1);
    }
  }
  return { queueSlots, queueUserSlots, queueHostSlots, arrayRunning };
}
