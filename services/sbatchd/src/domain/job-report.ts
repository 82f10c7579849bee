/** A job's state as its execution host sees it; mbatchd owns every other state. */
export type HostJobState =
  /** Running under its shepherd. */
  | 'RUN'
  /** Stopped by SIGSTOP on a user's or administrator's request. */
  | 'USUSP'
  /** Ended with exit code 0. */
  | 'DONE'
  /** Ended with another exit code, by a signal, or lost (never started, host rebooted). */
  | 'EXIT';

/** The termReason of an attempt whose pre-exec command failed: the job itself never ran. */
export const PRE_EXEC_FAILED = 'TERM_PREEXEC_FAIL';

/** Whether the state is final: the job has no process left. */
export function isFinal(state: HostJobState): boolean {
  return state === 'DONE' || state === 'EXIT';
}

/**
 * What sbatchd tells mbatchd about one dispatch attempt: a status change with its sequence
 * number, or (with seq 0) the current state in the held-jobs list of a registration.
 */
export interface JobReport {
  readonly jobId: number;
  readonly attempt: number;
  readonly state: HostJobState;
  /** The job's process (and process group) id; 0 when it never started. */
  readonly pid: number;
  /** The exit code of a job that exited; null while running, or when a signal ended it. */
  readonly exitCode: number | null;
  /** The signal that ended the job; 0 when none. */
  readonly exitSignal: number;
  readonly cpuTimeSec: number;
  readonly maxMemKb: number;
  /** When the change happened, in Unix milliseconds. */
  readonly timeMs: number;
  /** Unique and increasing per work directory; the key of mbatchd's acknowledgement. */
  readonly seq: number;
  /**
   * Why this host ended the job (TERM_RUNLIMIT, TERM_MEMLIMIT, TERM_DEADLINE, or
   * TERM_PREEXEC_FAIL with the pre-exec command's status as the exit code); absent if not.
   */
  readonly termReason?: string;
}

/** The job's identity as a string, for maps and logs. */
export function jobKey(jobId: number, attempt: number): string {
  return `${jobId}.${attempt}`;
}

/** What the host measured of one running job, sent with each heartbeat and never stored. */
export interface RunningUsage {
  readonly jobId: number;
  readonly attempt: number;
  readonly cpuTimeSec: number;
  /** Resident memory of the job's processes now, in KB. */
  readonly memKb: number;
  readonly threads: number;
  /** The job's top process (also its process group) first, then the others. */
  readonly pids: readonly number[];
  readonly timeMs: number;
}
