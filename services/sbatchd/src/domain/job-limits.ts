import type { JobLimits } from './job-spec';

/** The TERM_* reasons a host ends a job for, as `bjobs -l` and bacct name them. */
export type LimitReason = 'TERM_RUNLIMIT' | 'TERM_MEMLIMIT' | 'TERM_DEADLINE';

/**
 * Which limit a running job has passed, or null: the deadline first, then the run limit, then
 * memory. `rssKb` is the resident memory of the job's processes together, null when unknown.
 */
export function limitBreach(
  limits: JobLimits | undefined,
  startedAtMs: number,
  nowMs: number,
  rssKb: number | null,
): LimitReason | null {
  if (!limits) {
    return null;
  }
  if (limits.termTimeMs && nowMs >= limits.termTimeMs) {
    return 'TERM_DEADLINE';
  }
  if (limits.runLimitSec && nowMs - startedAtMs >= limits.runLimitSec * 1000) {
    return 'TERM_RUNLIMIT';
  }
  if (limits.memLimitKb && rssKb !== null && rssKb > limits.memLimitKb) {
    return 'TERM_MEMLIMIT';
  }
  return null;
}

/** Whether any limit needs the job's memory to be measured. */
export function watchesMemory(limits: JobLimits | undefined): boolean {
  return (limits?.memLimitKb ?? 0) > 0;
}
