import type { Job } from '../domain/job';

/** What sbatchd answers to a start request. */
export interface StartReply {
  lsbe: number;
  pid: number;
  error: string;
  /** The job's own files could not be opened: another host would fail the same way. */
  jobFault: boolean;
}

/**
 * The calls mbatchd makes to execution hosts. A rejected promise means the host could not be
 * reached; an answer carries its LSBE code. The gRPC layer implements it; tests fake it.
 */
export interface ExecutionHosts {
  startJob(host: string, job: Job): Promise<StartReply>;
  /** Delivers one signal, or the INT, TERM, KILL sequence when `kill` is set. */
  signalJob(host: string, job: Job, signal: number, kill: boolean): Promise<number>;
  /** Gives a running job the limits its spec now sets (`bmod -W`, `-M`). */
  setJobLimits(host: string, job: Job): Promise<number>;
  /** Asks the host's sbatchd to restart within its process (`badmin hrestart`). */
  restartSbatchd(host: string): Promise<number>;
}
