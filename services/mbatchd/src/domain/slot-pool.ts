/**
 * The hosts' side of a scheduling pass: which hosts one job may use (HostFilter), their free
 * slots consumed job by job (SlotPool), and why a job fits on none of them.
 */

import { HostPendReason, PendReason } from './reasons';
import { hostMatches } from './host-match';
import type { ResReq } from './res-req';
import { largerIsBetter } from './resource-kinds';
import type { HostView, PendingReason, QueueView, SchedulableJob } from './scheduler';
import { isLimit, Usage } from './scheduling-usage';

/**
 * Which hosts one job may use and how many of its slots each may take: its queue's HOSTS and
 * per-host limits, its -m list, -x, and its resource requirement.
 */
export class HostFilter {
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
export class SlotPool {
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
