/**
 * What an execution host last measured of a running job, with each sbatchd heartbeat. Kept in
 * memory only: it is shown while the job runs, and the job's end brings the final figures.
 */
export interface RunUsage {
  /** The dispatch attempt measured; a later attempt's job shows none of it. */
  attempt: number;
  cpuTimeSec: number;
  /** Resident memory of the job's processes at the last measure, in KB. */
  memKb: number;
  /** The most any measure of this attempt found. */
  maxMemKb: number;
  threads: number;
  /** The job's top process (also its process group) first. */
  pids: number[];
  timeMs: number;
}

/** A new measure of the same attempt keeps the highest memory seen. */
export function mergeUsage(
  previous: RunUsage | undefined,
  next: Omit<RunUsage, 'maxMemKb'>,
): RunUsage {
  const seen = previous?.attempt === next.attempt ? previous.maxMemKb : 0;
  return { ...next, maxMemKb: Math.max(seen, next.memKb) };
}
