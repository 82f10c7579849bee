/**
 * The slots started jobs hold, as a scheduling pass counts them against queue, user, host and
 * array limits, with what the pass itself places added as it goes.
 */

import { arrayIdOf, arrayIndexOf } from '../../../common/src/job-id';
import type { SchedulableJob } from './scheduler';

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

/** The usage counts of started jobs plus what this pass placed. */
export class Usage {
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

/** A queue limit that is set (lsb.queues leaves unset ones null or absent). */
export function isLimit(limit: number | null | undefined): limit is number {
  return limit !== null && limit !== undefined;
}
