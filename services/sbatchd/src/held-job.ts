import type { HostJobState, JobReport } from './domain/job-report';
import type { JobLimits } from './domain/job-spec';
import type { FinalFacts } from './domain/status-file';

/** One dispatch attempt this host holds, from its start until mbatchd acked its end. */
export interface HeldJob {
  readonly jobId: number;
  readonly attempt: number;
  readonly dir: string;
  /** 0 until the shepherd wrote the pid file, and for ever when the job never started. */
  pid: number;
  state: HostJobState;
  final: FinalFacts | null;
  /** Why a job ended without running to its end (lost, never started); null otherwise. */
  reason: string | null;
  killing: boolean;
  /** Seconds between INT, TERM and KILL asked for at start; 0 for the host's default. */
  readonly terminateIntervalSec: number;
  /** Called once when the job has ended, or when the runner closes. */
  readonly endWaiters: Set<() => void>;
  /** The limits the host enforces, and when the job started (for the run limit). */
  limits?: JobLimits;
  startedAtMs: number;
  /** The limit the host ended the job for (TERM_RUNLIMIT...); null when none. */
  termReason: string | null;
}

export function newHeldJob(
  ids: { jobId: number; attempt: number },
  dir: string,
  pid: number,
  terminateIntervalSec: number,
): HeldJob {
  return {
    ...ids,
    dir,
    pid,
    state: 'RUN',
    final: null,
    reason: null,
    killing: false,
    terminateIntervalSec,
    endWaiters: new Set(),
    startedAtMs: Date.now(),
    termReason: null,
  };
}

/** The job as a report: its end facts once ended, else its state at `timeMs`. */
export function reportOf(job: HeldJob, timeMs: number): Omit<JobReport, 'seq'> {
  const ended = job.final;
  return {
    jobId: job.jobId,
    attempt: job.attempt,
    state: job.state,
    pid: job.pid,
    exitCode: ended ? ended.exitCode : null,
    exitSignal: ended ? ended.exitSignal : 0,
    cpuTimeSec: ended ? ended.cpuTimeSec : 0,
    maxMemKb: ended ? ended.maxMemKb : 0,
    timeMs: ended ? ended.timeMs : timeMs,
    ...(ended && job.termReason ? { termReason: job.termReason } : {}),
  };
}

/** Resolves true when the job ends (or its waiters are woken) within `ms`, else false. */
export function endsWithin(job: HeldJob, ms: number): Promise<boolean> {
  if (job.final) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      job.endWaiters.delete(wake);
      resolve(false);
    }, ms);
    job.endWaiters.add(wake);
  });
}

/** Wakes everything waiting for the job's end. */
export function wakeEndWaiters(job: HeldJob): void {
  job.endWaiters.forEach((wake) => wake());
  job.endWaiters.clear();
}
