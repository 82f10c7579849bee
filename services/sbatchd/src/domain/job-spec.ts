/** One dispatch attempt of a job, as mbatchd asks this host to start it. */
export interface JobSpec {
  readonly jobId: number;
  readonly attempt: number;
  /** Run through `/bin/sh -c`. */
  readonly command: string;
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  /** The submission directory; empty means the user's home. */
  readonly cwd: string;
  /** The submission environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly umask: number;
  /** Empty means the spool file `<spool dir>/<submit time>.<jobId>.out`. */
  readonly outputFile: string;
  readonly overwriteOutput: boolean;
  /** Empty means together with the output. */
  readonly errorFile: string;
  readonly overwriteError: boolean;
  /** Empty means /dev/null. */
  readonly inputFile: string;
  readonly jobName: string;
  readonly queue: string;
  /** bsub -P, or the cluster's default project. */
  readonly project: string;
  /** One entry per allocated slot; empty means one slot on this host. */
  readonly execHosts: readonly string[];
  /** -n min,max: the most slots the job asked for; unset or 0 when it has what it asked. */
  readonly maxSlots?: number;
  /** Seconds between INT, TERM and KILL; 0 means the host's default. */
  readonly terminateIntervalSec: number;
  /** Unix milliseconds; 0 when mbatchd did not say. For the job report. */
  readonly submitTimeMs: number;
  readonly fromHost: string;
  /** The job runs again after its host failed (LSB_RESTART=Y); absent means a first run. */
  readonly restart?: boolean;
  /** An array element's index range: LSB_JOBINDEX_STEP and _END. Absent for other jobs. */
  readonly arrayIndexStep?: number;
  readonly arrayIndexEnd?: number;
  /** lsb.params JOB_SPOOL_DIR for output without -o; empty or absent: `$HOME/.lsbatch`. */
  readonly spoolDir?: string;
  /** bsub -E: run before the job; when it fails the job does not run. Absent when none. */
  readonly preExecCommand?: string;
  /** bsub -Ep: run once the job ended, before its end is reported. Absent when none. */
  readonly postExecCommand?: string;
  /** What the host enforces; absent fields are no limit. */
  readonly limits?: JobLimits;
}

/** The limits sbatchd enforces on a running job. */
export interface JobLimits {
  /** Wall-clock seconds from the start. */
  readonly runLimitSec?: number;
  /** KB of resident memory of all the job's processes together. */
  readonly memLimitKb?: number;
  /** Unix milliseconds by which the job must have ended (-t). */
  readonly termTimeMs?: number;
}

/** Where the job runs: facts of this host rather than of the job. */
export interface ExecutionSite {
  readonly hostName: string;
  readonly clusterName: string;
  /** LSF_ENVDIR of this host. */
  readonly envDir: string;
}
