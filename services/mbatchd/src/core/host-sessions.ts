import { Signal, signalName } from '../../../common/src/signals';
import type { Job, JobState } from '../domain/job';
import { FINISHED_STATES, STARTED_STATES } from '../domain/job';
import { transition } from '../domain/job-state';
import type { BatchContext } from './batch-context';
import { startOnHost } from './dispatcher';
import { rerunJobsOfFailedHosts } from './host-failure';
import { PendReason, PRE_EXEC_ABORT_EXIT, TermReason } from '../domain/reasons';
import { mergeUsage, type RunUsage } from '../domain/run-usage';
import { requeuedUpdate } from './requeue';
import { resendOverdueStarts } from './start-resends';
import { draft, JobUpdate, stateEvent } from './job-writer';

const SIGKILL = Signal.KILL;

/** What sbatchd says of one job it holds. */
export interface HostJobReport {
  jobId: number;
  attempt: number;
  /** RUN or USUSP while the job lives; DONE or EXIT once it ended. */
  state: JobState;
  pid: number;
  exitCode?: number;
  signal?: number;
  cpuTimeSec: number;
  maxMemKb: number;
  timeMs: number;
  /** Why the host ended the job (TERM_RUNLIMIT, TERM_MEMLIMIT, TERM_DEADLINE). */
  termReason?: string;
}

/**
 * The mbatchd side of each sbatchd's stream: registration with reconciliation, heartbeats,
 * job reports (applied durably before they are acknowledged), and hosts that go silent.
 */
export class HostSessions {
  private sweepTimer: NodeJS.Timeout | null = null;
  /** How to end each host's current stream, so a host declared unreachable registers anew. */
  private readonly streamEnds = new Map<string, () => void>();

  constructor(private readonly ctx: BatchContext) {}

  start(): void {
    const intervalMs = this.ctx.config.params.sbdHeartbeatIntervalSec * 1000;
    // After a restart, a host with running jobs that never registers is found out too.
    const withJobs = this.ctx.hosts
      .all()
      .map((host) => host.name)
      .filter((name) => this.ctx.jobs.startedOn(name).length > 0);
    this.ctx.hosts.expectRegistration(withJobs, Date.now());
    this.sweepTimer = setInterval(() => void this.sweep(), intervalMs);
  }

  stop(): void {
    if (this.sweepTimer) {
      clearInterval(this.sweepTimer);
    }
  }

  /**
   * A (re)connected sbatchd lists the jobs it holds. Its reports are applied; a job mbatchd
   * dispatched there that it does not hold was never started (the crash came between the
   * decision and the start), so the same attempt is sent again and runs exactly once.
   * Resolves to the session's number, or null for a host mbatchd does not know.
   */
  async register(
    host: string,
    held: readonly HostJobReport[],
    endStream: () => void,
  ): Promise<number | null> {
    const session = this.ctx.hosts.openSession(host, Date.now());
    if (session === null) {
      return null;
    }
    this.streamEnds.set(host, endStream);
    this.ctx.log.info('sbatchd registered', { host, jobs: held.length, session });

    await Promise.all(held.map((report) => this.report(host, report)));
    await this.markReachable(host);
    const heldKeys = new Set(held.map((report) => `${report.jobId}.${report.attempt}`));
    for (const job of this.ctx.jobs.startedOn(host)) {
      if (!heldKeys.has(`${job.id}.${job.dispatchAttempt}`)) {
        this.ctx.log.info('job start resent', {
          job_id: job.id,
          host,
          attempt: job.dispatchAttempt,
        });
        void startOnHost(this.ctx, job);
      }
    }
    this.ctx.wakeScheduler();
    return session;
  }

  /**
   * A live job mbatchd does not have running there (cancelled, removed with bkill -r, or
   * requeued and perhaps running elsewhere meanwhile) must go: that run is never the job.
   */
  private killOrphans(host: string, held: readonly HostJobReport[]): void {
    for (const report of held) {
      const job = this.ctx.jobs.get(report.jobId);
      if (FINISHED_STATES.has(report.state) || isCurrentRun(job, host, report.attempt)) {
        continue;
      }
      this.ctx.log.warn('orphan job killed', {
        job_id: report.jobId,
        host,
        attempt: report.attempt,
      });
      // A job mbatchd has forgotten (past CLEAN_PERIOD) still needs a queue for the kill.
      const known = job ?? ({ spec: { queue: '' } } as Job);
      const orphan = { ...known, id: report.jobId, dispatchAttempt: report.attempt };
      this.ctx.execution.signalJob(host, orphan, SIGKILL, true).catch(() => undefined);
    }
  }

  heartbeat(host: string, session: number, usage: readonly RunUsageReport[] = []): void {
    this.ctx.hosts.heartbeat(host, session, Date.now());
    const previous = this.ctx.runUsage.get(host);
    const current = new Map<number, RunUsage>();
    for (const { jobId, ...measured } of usage) {
      if (isCurrentRun(this.ctx.jobs.get(jobId), host, measured.attempt)) {
        current.set(jobId, mergeUsage(previous?.get(jobId), measured));
      }
    }
    this.ctx.runUsage.set(host, current);
  }

  /**
   * The stream is gone: no new job goes to the host; its jobs turn UNKWN only after the
   * timeout.
   */
  disconnected(host: string, session: number, reason: string): void {
    if (this.ctx.hosts.closeSession(host, session)) {
      this.streamEnds.delete(host);
      this.ctx.log.info('sbatchd disconnected', { host, session, reason });
    }
  }

  /**
   * Applies one report; resolves once it is durable (or needs no change), so the caller may
   * acknowledge it. Reports of another attempt or host are stale and change nothing.
   */
  report(host: string, report: HostJobReport): Promise<void> {
    return this.ctx.writer.withJob(report.jobId, async () => {
      const current = this.ctx.jobs.get(report.jobId);
      this.killOrphans(host, [report]);
      if (!current || current.execHosts[0] !== host || current.dispatchAttempt !== report.attempt) {
        this.ctx.log.debug('stale job report', {
          job_id: report.jobId,
          host,
          attempt: report.attempt,
        });
        return;
      }
      const update = FINISHED_STATES.has(report.state)
        ? finishUpdate(current, report, host)
        : startUpdate(current, report, host);
      if (update) {
        await this.ctx.writer.commit([update]);
      }
      if (update && FINISHED_STATES.has(update.job.state)) {
        this.ctx.wakeScheduler();
      }
    });
  }

  /**
   * Hosts silent for SBD_HEARTBEAT_MISS_COUNT intervals: their jobs are shown UNKWN, and their
   * stream is ended, so the sbatchd registers again (with the jobs it holds) once it is heard.
   * A start a live host has not confirmed within the same time is sent again, and the
   * rerunnable jobs of hosts that lim has lost too are requeued.
   */
  private async sweep(): Promise<void> {
    const params = this.ctx.config.params;
    const timeoutMs = params.sbdHeartbeatIntervalSec * params.sbdHeartbeatMissCount * 1000;
    resendOverdueStarts(this.ctx, Date.now(), timeoutMs);
    for (const host of this.ctx.hosts.overdue(Date.now(), timeoutMs)) {
      host.unreachable = true;
      this.ctx.hosts.closeSession(host.name, host.session);
      this.streamEnds.get(host.name)?.();
      this.streamEnds.delete(host.name);
      this.ctx.log.warn('sbatchd unreachable', { host: host.name, reason: 'heartbeats missed' });
      await this.flagJobs(host.name, true);
    }
    await rerunJobsOfFailedHosts(this.ctx);
  }

  private async markReachable(host: string): Promise<void> {
    const state = this.ctx.hosts.get(host);
    if (state?.unreachable) {
      state.unreachable = false;
      this.ctx.log.info('sbatchd reachable again', { host });
    }
    await this.flagJobs(host, false);
  }

  private async flagJobs(host: string, unreachable: boolean): Promise<void> {
    const updates: JobUpdate[] = [];
    for (const current of this.ctx.jobs.startedOn(host)) {
      if (current.hostUnreachable === unreachable) {
        continue;
      }
      const job = draft(current);
      job.hostUnreachable = unreachable;
      const reason = unreachable
        ? 'Unknown; unable to reach the execution host'
        : 'Reachable again';
      const kind = unreachable ? 'UNKNOWN_HOST' : 'RECONCILE';
      updates.push({
        job,
        events: [{ jobId: job.id, timeMs: Date.now(), kind, actor: 'mbatchd', reason }],
      });
    }
    await this.ctx.writer.commit(updates);
  }
}

/** One job's usage as a heartbeat brings it. */
export type RunUsageReport = Omit<RunUsage, 'maxMemKb'> & { jobId: number };

/** Whether mbatchd has the job running this attempt on this host. */
function isCurrentRun(job: Job | undefined, host: string, attempt: number): boolean {
  return (
    job !== undefined &&
    STARTED_STATES.has(job.state) &&
    job.execHosts[0] === host &&
    job.dispatchAttempt === attempt
  );
}

/** The first report of a running job gives its pid; suspend and resume are mbatchd's own record. */
function startUpdate(current: Job, report: HostJobReport, host: string): JobUpdate | null {
  if (!STARTED_STATES.has(current.state) || current.pid === report.pid) {
    return null;
  }
  const job = draft(current);
  job.pid = report.pid;
  const details = {
    pid: report.pid,
    execHome: job.spec.env.HOME ?? '',
    execCwd: job.spec.cwd,
    host,
  };
  return {
    job,
    events: [
      { jobId: job.id, timeMs: report.timeMs, kind: 'START', actor: host, reason: '', details },
    ],
  };
}

function finishUpdate(current: Job, report: HostJobReport, host: string): JobUpdate | null {
  if (!STARTED_STATES.has(current.state)) {
    return null;
  }
  const job = draft(current);
  if (job.requeue) {
    const run = { exitCode: report.exitCode, signal: report.signal, cpuTimeSec: report.cpuTimeSec };
    return { job, events: requeuedUpdate(job, report.timeMs, host, run) };
  }
  if (report.termReason === TermReason.PREEXEC_FAIL && report.exitCode !== PRE_EXEC_ABORT_EXIT) {
    // The job never ran: it waits for another dispatch, perhaps to a host where it can.
    job.requeue = { hold: false, reason: PendReason.PRE_EXEC };
    const run = { preExecExitCode: report.exitCode };
    return { job, events: requeuedUpdate(job, report.timeMs, host, run, PendReason.PRE_EXEC) };
  }
  job.exit = {
    exitCode: report.exitCode,
    signal: report.signal,
    cpuTimeSec: report.cpuTimeSec,
    maxMemKb: report.maxMemKb,
    endTimeMs: report.timeMs,
  };
  job.pid = report.pid || job.pid;
  job.hostUnreachable = false;
  // A limit ends the job as EXIT even when it caught the signal and exited 0; bkill -d asked
  // for DONE whatever the exit status.
  const to =
    job.doneWhenKilled || (report.state === 'DONE' && report.exitCode === 0 && !report.termReason)
      ? 'DONE'
      : 'EXIT';
  job.termReason ??= report.termReason;
  const reason =
    report.termReason ??
    (report.signal
      ? `signal ${signalName(report.signal) ?? report.signal}`
      : `exit ${report.exitCode}`);
  const change = transition(job, to, reason);
  const details = {
    exitCode: report.exitCode,
    signal: report.signal,
    cpuTimeSec: report.cpuTimeSec,
    termReason: job.termReason ?? '',
  };
  // An end learned after the job was shown UNKWN is history from when mbatchd learned it, as
  // in LSF's event log, so bhist reads in order; the job keeps its true end time.
  const learnedMs = current.hostUnreachable ? Math.max(report.timeMs, Date.now()) : report.timeMs;
  return { job, events: [stateEvent(change, 'FINISH', host, learnedMs, details)] };
}
