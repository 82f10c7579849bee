import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_WINDOW_MS } from '../../common/src/cluster-auth';
import type { Logger } from '../../common/src/logging';
import {
  classifyJobDir,
  inspectJobDir,
  type JobDirClass,
  type JobDirFacts,
} from './domain/job-dir-scan';
import {
  JobFile,
  type JobRecordFile,
  jobDirName,
  parseJobDirName,
  readPids,
  readRecord,
  readStatus,
} from './domain/job-dir';
import { writeFileAtomic } from './domain/atomic-file';
import { EndedAttempts } from './domain/ended-attempts';
import {
  isFinal,
  jobKey,
  PRE_EXEC_FAILED,
  type HostJobState,
  type JobReport,
  type RunningUsage,
} from './domain/job-report';
import type { ExecutionSite, JobLimits, JobSpec } from './domain/job-spec';
import { Outbox } from './domain/outbox';
import { limitBreach, watchesMemory } from './domain/job-limits';
import { readProcStat } from './domain/proc';
import { processTreeUsage } from './process-usage';
import { finalFacts, lostFacts, type FinalFacts } from './domain/status-file';
import { endsWithin, newHeldJob, reportOf, wakeEndWaiters, type HeldJob } from './held-job';
import { launchJob, type LaunchSettings } from './job-launch';
import { JobWatch } from './job-watch';
import { signalGroup } from './signal-group';
import { JobStartError } from './domain/errors';

export interface JobRunnerOptions {
  /** Holds `jobs/<jobId>.<attempt>/` and the report sequence file. */
  workDir: string;
  shepherdPath: string;
  site: ExecutionSite;
  /** Seconds between INT, TERM and KILL when neither the kill nor the start names them. */
  defaultTerminateIntervalSec: number;
  /** Receives each new report once it is durable in the outbox. */
  onReport: (report: JobReport) => void;
  log: Logger;
  /** How often held jobs are checked when no file event came; 500 by default. */
  pollIntervalMs?: number;
  /** How long the shepherd may take to start a job; 10000 by default. */
  startTimeoutMs?: number;
}

/** The reply to a start: the attempt runs (or ran) with this pid, or why it could not. */
/** `jobFault` on a failure: the job's own files could not be opened (see JobStartError). */
export type StartOutcome =
  { ok: true; pid: number } | { ok: false; error: string; jobFault?: boolean };

/** The reply to a signal or kill request. */
export type SignalOutcome = 'delivered' | 'no-job' | 'bad-signal' | 'finished' | 'failed';

const SIGSTOP = os.constants.signals.SIGSTOP;
const SIGCONT = os.constants.signals.SIGCONT;
const MAX_SIGNAL = 31;
const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_START_TIMEOUT_MS = 10_000;
/** How long an acknowledged attempt is remembered: well past the age of any signed request. */
const ENDED_RETENTION_MS = 4 * DEFAULT_WINDOW_MS;

/**
 * Starts, signals and watches the jobs of this host, each under its own shepherd, and turns
 * what happens to them into durable reports. Everything it knows is in the work directory,
 * so a new runner on the same directory (after an sbatchd restart) carries on: it re-adopts
 * running jobs, reports jobs that ended meanwhile, and keeps the unacknowledged reports.
 */
export class JobRunner {
  private readonly held = new Map<string, HeldJob>();
  private readonly starting = new Map<string, Promise<StartOutcome>>();
  private readonly byDir = new Map<string, HeldJob>();
  private readonly jobsDir: string;
  private readonly outbox: Outbox;
  private readonly ended: EndedAttempts;
  private readonly watch: JobWatch;
  private readonly launchSettings: LaunchSettings;
  private readonly log: Logger;
  private closed = false;

  private constructor(private readonly options: JobRunnerOptions) {
    this.jobsDir = path.join(options.workDir, 'jobs');
    fs.mkdirSync(this.jobsDir, { recursive: true });
    this.outbox = new Outbox(options.workDir);
    this.ended = new EndedAttempts(path.join(options.workDir, 'ended'), ENDED_RETENTION_MS);
    this.log = options.log;
    this.launchSettings = {
      shepherdPath: options.shepherdPath,
      site: options.site,
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    };
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.watch = new JobWatch(pollIntervalMs, (dir, deep) => this.check(dir, deep));
  }

  /** Opens the work directory, takes over what a previous runner left, and starts watching. */
  static open(options: JobRunnerOptions): JobRunner {
    const runner = new JobRunner(options);
    runner.scan();
    return runner;
  }

  /**
   * Starts one attempt, idempotently: an attempt this host holds or held (running, ended, or
   * ended and acknowledged) answers with its pid and starts nothing, and a start in progress
   * is joined.
   */
  start(spec: JobSpec): Promise<StartOutcome> {
    const key = jobKey(spec.jobId, spec.attempt);
    const endedPid = this.ended.pidOf(spec.jobId, spec.attempt);
    if (endedPid !== null) {
      return Promise.resolve(
        endedPid > 0 ? { ok: true, pid: endedPid } : { ok: false, error: 'the attempt has ended' },
      );
    }
    const job = this.held.get(key);
    if (job && job.pid === 0 && job.final) {
      return Promise.resolve({ ok: false, error: job.reason ?? 'the job did not start' });
    }
    if (job) {
      return Promise.resolve({ ok: true, pid: job.pid });
    }

    const inProgress = this.starting.get(key);
    if (inProgress) {
      return inProgress;
    }
    const started = this.launch(spec).finally(() => this.starting.delete(key));
    this.starting.set(key, started);
    return started;
  }

  /**
   * Sends one signal (1..31) to the job's process group. SIGSTOP makes the job USUSP and
   * SIGCONT makes a USUSP job RUN again, each with a report.
   */
  signal(jobId: number, attempt: number, signal: number): SignalOutcome {
    if (!Number.isInteger(signal) || signal < 1 || signal > MAX_SIGNAL) {
      return 'bad-signal';
    }
    const job = this.held.get(jobKey(jobId, attempt));
    if (!job) {
      return 'no-job';
    }
    return job.final ? 'finished' : this.deliver(job, signal);
  }

  /**
   * Takes new limits for a running job (bmod -W, -M): kept in its record first, so that a
   * restarted sbatchd enforces them too, then checked from the next poll on. The run limit
   * still counts from the job's start.
   */
  setLimits(jobId: number, attempt: number, limits: JobLimits): SignalOutcome {
    const job = this.held.get(jobKey(jobId, attempt));
    if (!job) {
      return 'no-job';
    }
    if (job.final) {
      return 'finished';
    }
    const record = readRecord(job.dir);
    if (record) {
      writeFileAtomic(path.join(job.dir, JobFile.RECORD), JSON.stringify({ ...record, limits }));
    }
    job.limits = limits;
    this.log.info('job limits changed', { job_id: jobId, attempt, ...limitFields(limits) });
    return 'delivered';
  }

  /**
   * Ends the job: SIGCONT (a stopped job cannot act on INT or TERM) and SIGINT, then SIGTERM
   * and SIGKILL each after `intervalSec` unless the job has ended. A kill marker is kept in
   * the job directory first, so that an sbatchd restarted mid-sequence kills the job at once.
   * A second kill while one runs changes nothing.
   */
  kill(jobId: number, attempt: number, intervalSec = 0): SignalOutcome {
    const job = this.held.get(jobKey(jobId, attempt));
    if (!job) {
      return 'no-job';
    }
    return this.killHeld(job, intervalSec);
  }

  private killHeld(job: HeldJob, intervalSec: number): SignalOutcome {
    if (job.final) {
      return 'finished';
    }
    if (job.killing) {
      return 'delivered';
    }

    job.killing = true;
    this.writeKillMarker(job);
    const seconds =
      intervalSec || job.terminateIntervalSec || this.options.defaultTerminateIntervalSec;
    this.deliver(job, SIGCONT);
    const first = this.deliver(job, 'SIGINT');
    void this.terminate(job, seconds * 1000);
    return first === 'failed' ? 'failed' : 'delivered';
  }

  /** The current state of every held job, for the registration with mbatchd. */
  heldJobs(): JobReport[] {
    return [...this.held.values()].map((job) => ({ ...reportOf(job, Date.now()), seq: 0 }));
  }

  /** What the running and suspended jobs use now; a job whose processes are gone is left out. */
  runningUsage(): RunningUsage[] {
    const now = Date.now();
    const usage: RunningUsage[] = [];
    for (const job of this.held.values()) {
      const tree = job.pid > 0 && !isFinal(job.state) ? processTreeUsage(job.pid) : null;
      if (tree !== null) {
        const { rssKb, cpuTimeSec, threads, pids } = tree;
        usage.push({
          jobId: job.jobId,
          attempt: job.attempt,
          cpuTimeSec,
          memKb: rssKb,
          threads,
          pids,
          timeMs: now,
        });
      }
    }
    return usage;
  }

  /** Every report not yet acknowledged, oldest first. */
  pendingReports(): JobReport[] {
    return this.outbox.pending();
  }

  /**
   * Takes mbatchd's acknowledgements. Once a job's final report is acknowledged mbatchd
   * knows its end for good, and the job directory is removed.
   */
  acknowledge(seqs: readonly number[]): void {
    for (const { jobDir, report } of this.outbox.acknowledge(seqs)) {
      if (!isFinal(report.state)) {
        continue;
      }

      this.ended.record(report.jobId, report.attempt, report.pid, Date.now());
      fs.rmSync(jobDir, { recursive: true, force: true });
      this.outbox.forget(jobDir);
      this.held.delete(jobKey(report.jobId, report.attempt));
      this.byDir.delete(jobDir);
      this.log.debug('job record removed', { job_id: report.jobId, attempt: report.attempt });
    }
  }

  /** Stops watching. The jobs keep running under their shepherds. */
  close(): void {
    this.closed = true;
    this.watch.close();
    this.held.forEach(wakeEndWaiters);
  }

  private async launch(spec: JobSpec): Promise<StartOutcome> {
    const dir = path.join(this.jobsDir, jobDirName(spec.jobId, spec.attempt));
    let pid: number;
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      return { ok: false, error: `cannot create ${dir}: ${(error as Error).message}` };
    }

    try {
      pid = await launchJob(this.withUsableSpoolDir(spec), dir, this.launchSettings);
    } catch (error) {
      const reason = (error as Error).message;
      const jobFault = error instanceof JobStartError && error.jobFault;
      fs.rmSync(dir, { recursive: true, force: true });
      this.log.warn('job not started', { job_id: spec.jobId, attempt: spec.attempt, reason });
      return { ok: false, error: reason, jobFault };
    }

    const job = this.hold(newHeldJob(spec, dir, pid, spec.terminateIntervalSec));
    job.limits = spec.limits;
    this.watch.watch(dir);
    this.change(job, 'RUN', 'started', 'PEND');
    // A short job may have written its status before the watch began: the watch never sees it.
    this.check(dir, false);
    return { ok: true, pid };
  }

  /**
   * The spec with a JOB_SPOOL_DIR that is no directory on this host dropped: as in LSF, the
   * output then goes to the user's `$HOME/.lsbatch` rather than failing the job.
   */
  private withUsableSpoolDir(spec: JobSpec): JobSpec {
    if (!spec.spoolDir || spec.outputFile !== '' || isDirectory(spec.spoolDir)) {
      return spec;
    }
    this.log.warn('JOB_SPOOL_DIR is not a directory on this host; output goes to ~/.lsbatch', {
      job_id: spec.jobId,
      attempt: spec.attempt,
      spool_dir: spec.spoolDir,
    });
    return { ...spec, spoolDir: '' };
  }

  /** Takes over every job directory a previous runner left (see JobDirClass). */
  private scan(): void {
    for (const name of fs.readdirSync(this.jobsDir).sort()) {
      const ids = parseJobDirName(name);
      if (ids) {
        this.recover(ids.jobId, ids.attempt, path.join(this.jobsDir, name));
      }
    }
  }

  private recover(jobId: number, attempt: number, dir: string): void {
    let facts: JobDirFacts | null = null;
    let interval = 0;
    let record: JobRecordFile | null = null;
    try {
      this.outbox.loadDir(dir);
      record = readRecord(dir);
      interval = record?.terminateIntervalSec ?? 0;
      facts = inspectJobDir(dir);
    } catch (error) {
      const reason = (error as Error).message;
      this.log.error('damaged job record', { job_id: jobId, attempt, reason });
    }

    const job = this.hold(newHeldJob({ jobId, attempt }, dir, facts?.pids?.pid ?? 0, interval));
    job.limits = record?.limits;
    job.startedAtMs = record?.createdAtMs ?? job.startedAtMs;
    const verdict = facts ? classifyJobDir(facts) : null;
    if (verdict === null) {
      this.lose(job, 'its job record is damaged');
    } else if (verdict.kind === 'finished') {
      this.end(job);
    } else if (verdict.kind === 'lost') {
      this.lose(job, verdict.reason);
    } else {
      this.adopt(job);
    }
  }

  /** A job found running after a restart: watch it, and finish a kill that was under way. */
  private adopt(job: HeldJob): void {
    job.state = job.pid > 0 && readProcStat(job.pid)?.state === 'T' ? 'USUSP' : 'RUN';
    this.watch.watch(job.dir);
    const fields = { job_id: job.jobId, attempt: job.attempt, pid: job.pid, to: job.state };
    this.log.info('job re-adopted', fields);

    if (fs.existsSync(path.join(job.dir, JobFile.KILL))) {
      job.killing = true;
      this.deliver(job, 'SIGKILL');
    }
  }

  private hold(job: HeldJob): HeldJob {
    this.held.set(jobKey(job.jobId, job.attempt), job);
    this.byDir.set(job.dir, job);
    return job;
  }

  private deliver(job: HeldJob, signal: number | NodeJS.Signals): SignalOutcome {
    if (job.pid === 0) {
      job.pid = readPids(job.dir)?.pid ?? 0;
    }
    const delivery = job.pid === 0 ? 'refused' : signalGroup(job.pid, signal);
    if (delivery === 'gone') {
      return 'finished';
    }
    if (delivery === 'refused') {
      return 'failed';
    }

    if (signal === SIGSTOP && job.state === 'RUN') {
      this.change(job, 'USUSP', 'stopped');
    } else if (signal === SIGCONT && job.state === 'USUSP') {
      this.change(job, 'RUN', 'resumed');
    }
    return 'delivered';
  }

  private async terminate(job: HeldJob, intervalMs: number): Promise<void> {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if ((await endsWithin(job, intervalMs)) || this.closed) {
        return;
      }
      this.deliver(job, signal);
    }
  }

  /** The marker holds the limit the job passed, if that is why it dies, for a restarted sbatchd. */
  private writeKillMarker(job: HeldJob): void {
    try {
      fs.writeFileSync(path.join(job.dir, JobFile.KILL), job.termReason ?? '');
    } catch (error) {
      const reason = (error as Error).message;
      this.log.warn('kill marker not written', { job_id: job.jobId, attempt: job.attempt, reason });
    }
  }

  /** What the watch calls: ends the job if its status is there, else checks it lives. */
  private check(dir: string, deep: boolean): void {
    const job = this.byDir.get(dir);
    if (!job || job.final || this.closed) {
      return;
    }
    if (fs.existsSync(path.join(dir, JobFile.STATUS))) {
      this.end(job);
    } else if (deep) {
      this.checkAlive(job);
      this.checkLimits(job);
    }
  }

  /** Ends a job that passed its run limit, deadline or memory limit, saying which. */
  private checkLimits(job: HeldJob): void {
    if (job.final || job.killing || !job.limits || job.pid === 0) {
      return;
    }
    const rssKb = watchesMemory(job.limits) ? (processTreeUsage(job.pid)?.rssKb ?? null) : null;
    const breach = limitBreach(job.limits, job.startedAtMs, Date.now(), rssKb);
    if (breach === null) {
      return;
    }
    job.termReason = breach;
    this.log.info('job over its limit', {
      job_id: job.jobId,
      attempt: job.attempt,
      reason: breach,
      rss_kb: rssKb,
    });
    this.killHeld(job, 0);
  }

  /** A job whose shepherd died (killed by hand, out of memory) would otherwise be held forever. */
  private checkAlive(job: HeldJob): void {
    let verdict: JobDirClass;
    try {
      verdict = classifyJobDir(inspectJobDir(job.dir));
    } catch (error) {
      this.lose(job, (error as Error).message);
      return;
    }
    if (verdict.kind === 'finished') {
      this.end(job);
    } else if (verdict.kind === 'lost') {
      this.lose(job, verdict.reason);
    }
  }

  /** Records the end the shepherd wrote, once. */
  private end(job: HeldJob): void {
    job.termReason ??= this.killMarkerReason(job);
    let facts: FinalFacts;
    try {
      const status = readStatus(job.dir);
      if (!status) {
        return;
      }
      facts = finalFacts(status);
      job.reason = status.outcome.kind === 'not-started' ? status.outcome.reason : null;
      if (status.outcome.kind === 'pre-exec-failed') {
        job.termReason ??= PRE_EXEC_FAILED;
      }
    } catch (error) {
      this.lose(job, (error as Error).message);
      return;
    }
    this.finish(job, facts);
  }

  private killMarkerReason(job: HeldJob): string | null {
    try {
      return fs.readFileSync(path.join(job.dir, JobFile.KILL), 'utf8') || null;
    } catch {
      return null;
    }
  }

  private lose(job: HeldJob, reason: string): void {
    job.reason = reason;
    this.finish(job, lostFacts(Date.now()));
  }

  /**
   * Makes the job final and reports it, unless the outbox holds its final report already
   * (made before a restart and not yet acknowledged).
   */
  private finish(job: HeldJob, facts: FinalFacts): void {
    const from = job.state;
    job.final = facts;
    job.state = facts.state;
    this.watch.unwatch(job.dir);
    wakeEndWaiters(job);

    if (this.outbox.pendingFor(job.dir).some((report) => isFinal(report.state))) {
      return;
    }
    const fields = { job_id: job.jobId, attempt: job.attempt, from, to: facts.state };
    const exit = { exit_code: facts.exitCode, signal: facts.exitSignal, reason: job.reason };
    if (job.reason === null) {
      this.log.info('job state changed', { ...fields, ...exit });
    } else {
      this.log.warn('job state changed', { ...fields, ...exit });
    }
    this.report(job);
  }

  /** `from` is PEND for a start: the job was pending for mbatchd until now. */
  private change(job: HeldJob, to: HostJobState, reason: string, from: string = job.state): void {
    job.state = to;
    const fields = { job_id: job.jobId, attempt: job.attempt, from, to, reason, pid: job.pid };
    this.log.info('job state changed', fields);
    this.report(job);
  }

  private report(job: HeldJob): void {
    const report = this.outbox.add(job.dir, reportOf(job, Date.now()));
    this.options.onReport(report);
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function limitFields(limits: JobLimits): Record<string, number> {
  return {
    run_limit_sec: limits.runLimitSec ?? 0,
    mem_limit_kb: limits.memLimitKb ?? 0,
    term_time_ms: limits.termTimeMs ?? 0,
  };
}
