/**
 * The job record mbatchd keeps in memory and in its store. Plain data: no gRPC types here,
 * so the state machine, the scheduler and the store are tested without a network.
 */

/** A job's state, with LSF's meaning. UNKWN is not a state but the `hostUnreachable` flag. */
export type JobState =
  /** Waiting to be dispatched. */
  | 'PEND'
  /** Held while pending by its owner or an administrator, or submitted with -H. */
  | 'PSUSP'
  /** Dispatched and running. */
  | 'RUN'
  /** Running, suspended by the system. */
  | 'SSUSP'
  /** Running, suspended by its owner or an administrator. */
  | 'USUSP'
  /** Finished with exit status 0. */
  | 'DONE'
  /** Finished with a non-zero status, killed, or aborted. */
  | 'EXIT';

export const PENDING_STATES: ReadonlySet<JobState> = new Set(['PEND', 'PSUSP']);
export const STARTED_STATES: ReadonlySet<JobState> = new Set(['RUN', 'SSUSP', 'USUSP']);
export const FINISHED_STATES: ReadonlySet<JobState> = new Set(['DONE', 'EXIT']);

/** What the user asked for at submission; fixed once the job is accepted. */
export interface JobSpec {
  /** The command line, run through /bin/sh on the execution host. */
  command: string;
  /** -J; the command line when not given. */
  jobName: string;
  queue: string;
  /** True when -q was given, which changes bsub's confirmation wording. */
  queueGiven: boolean;
  user: string;
  uid: number;
  gid: number;
  fromHost: string;
  /** Absolute submission working directory (or -cwd). */
  cwd: string;
  /** -o / -oo, before %J and %I expansion. */
  outputFile?: string;
  overwriteOutput: boolean;
  /** -e / -eo, before %J and %I expansion. */
  errorFile?: string;
  overwriteError: boolean;
  /** -i */
  inputFile?: string;
  /** -H */
  hold: boolean;
  /** -n: job slots; with `-n min,max` the fewest the job starts with. */
  slots: number;
  /** -n min,max: the most slots the job takes when they are free; unset: exactly `slots`. */
  maxSlots?: number;
  /** -m: candidate hosts; empty means any. */
  askedHosts: string[];
  /** -P */
  project: string;
  /** The submission environment. */
  env: Record<string, string>;
  umask: number;
  submitTimeMs: number;
  /** -R strings as given; absent or empty when none. */
  resReqs?: string[];
  /** -M in KB. */
  memLimitKb?: number;
  /** -W in seconds. */
  runLimitSec?: number;
  /** -x */
  exclusive?: boolean;
  /** -w as given. */
  dependency?: string;
  /** -b: not dispatched before this time (ms since the epoch). */
  beginTimeMs?: number;
  /** -t: terminated at this time (ms since the epoch). */
  termTimeMs?: number;
  /** For an array element: the array's `%N` running-element limit, 0 when none. */
  arrayRunningLimit?: number;
  /** For an array element: the array's name and index list as submitted, without `%N`. */
  arraySpec?: string;
  /** For an array element: the step and end of the index range that holds it. */
  arrayIndexStep?: number;
  arrayIndexEnd?: number;
  /** -r (true) or -rn (false); the queue's RERUNNABLE decides when absent. */
  rerunnable?: boolean;
  /** -E: run on the execution host before the job; a failure sends the job back to PEND. */
  preExecCommand?: string;
  /** -Ep: run on the execution host once the job ended, whatever its end. */
  postExecCommand?: string;
}

/** Exit facts reported by sbatchd when the job's process ends. */
export interface JobExit {
  /** The exit code when the job exited; undefined when a signal ended it. */
  exitCode?: number;
  /** The signal number when a signal ended it. */
  signal?: number;
  cpuTimeSec: number;
  maxMemKb: number;
  endTimeMs: number;
}

export interface Job {
  /** Never reused, also across restarts. */
  id: number;
  spec: JobSpec;
  state: JobState;
  /** Set while the execution host does not answer; bjobs then shows UNKWN. */
  hostUnreachable: boolean;
  /** Why a pending job waits, in LSF's words; empty otherwise. */
  pendReason: string;
  /** One entry per allocated slot, as in LSB_HOSTS. */
  execHosts: string[];
  /** Incremented at each dispatch decision; sbatchd starts each attempt at most once. */
  dispatchAttempt: number;
  startTimeMs?: number;
  pid?: number;
  exit?: JobExit;
  /** Why the job ended when it was ended by the system or a user, e.g. TERM_OWNER. */
  termReason?: string;
  /** Where btop / bbot put the pending job in its queue; its submission time when unset. */
  sortKeyMs?: number;
  /** Set by brequeue on a started job: when it ends it goes back to PEND (PSUSP with -H). */
  requeue?: { hold: boolean; reason: string };
  /** Set when the job was requeued because its host failed: its later runs see LSB_RESTART=Y. */
  rerun?: boolean;
  /** Set by bkill -d on a started job: its end is recorded as DONE whatever its exit status. */
  doneWhenKilled?: boolean;
}
