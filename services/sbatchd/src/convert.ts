import { JobState } from '../../common/src/generated/lavalite/v1/job';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import type { JobStatusReport, JobUsage } from '../../common/src/generated/lavalite/v1/mbatchd';
import type {
  SignalJobResponse,
  StartJobRequest,
  StartJobResponse,
} from '../../common/src/generated/lavalite/v1/sbatchd';
import type { HostJobState, JobReport, RunningUsage } from './domain/job-report';
import type { JobSpec } from './domain/job-spec';
import type { SignalOutcome, StartOutcome } from './job-runner';

const STATE_TO_PROTO: Record<HostJobState, JobState> = {
  RUN: JobState.JOB_STATE_RUN,
  USUSP: JobState.JOB_STATE_USUSP,
  DONE: JobState.JOB_STATE_DONE,
  EXIT: JobState.JOB_STATE_EXIT,
};

const SIGNAL_OUTCOME_TO_LSBE: Record<SignalOutcome, Lsbe> = {
  delivered: Lsbe.LSBE_NO_ERROR,
  'no-job': Lsbe.LSBE_NO_JOB,
  'bad-signal': Lsbe.LSBE_BAD_SIGNAL,
  finished: Lsbe.LSBE_JOB_FINISH,
  failed: Lsbe.LSBE_SYS_CALL,
};

export function fromStartJobRequest(request: StartJobRequest): JobSpec {
  return {
    jobId: request.jobId,
    attempt: request.dispatchAttempt,
    command: request.command,
    user: request.user,
    uid: request.uid,
    gid: request.gid,
    cwd: request.cwd,
    env: request.env,
    umask: request.umask,
    outputFile: request.outputFile,
    overwriteOutput: request.overwriteOutput,
    errorFile: request.errorFile,
    overwriteError: request.overwriteError,
    inputFile: request.inputFile,
    jobName: request.jobName,
    queue: request.queue,
    project: request.project,
    execHosts: request.execHosts,
    maxSlots: request.maxSlots,
    terminateIntervalSec: request.terminateIntervalSec,
    submitTimeMs: request.submitTimeMs,
    fromHost: request.fromHost,
    restart: request.restart || undefined,
    arrayIndexStep: request.arrayIndexStep || undefined,
    arrayIndexEnd: request.arrayIndexEnd || undefined,
    spoolDir: request.spoolDir,
    preExecCommand: request.preExecCommand || undefined,
    postExecCommand: request.postExecCommand || undefined,
    limits: {
      runLimitSec: request.runLimitSec || undefined,
      memLimitKb: request.memLimitKb || undefined,
      termTimeMs: request.termTimeMs || undefined,
    },
  };
}

export function toStartJobResponse(outcome: StartOutcome): StartJobResponse {
  return outcome.ok
    ? { lsbe: Lsbe.LSBE_NO_ERROR, pid: outcome.pid, error: '', jobFault: false }
    : { lsbe: Lsbe.LSBE_SYS_CALL, pid: 0, error: outcome.error, jobFault: !!outcome.jobFault };
}

export function toSignalJobResponse(outcome: SignalOutcome): SignalJobResponse {
  return { lsbe: SIGNAL_OUTCOME_TO_LSBE[outcome] };
}

export function toJobStatusReport(report: JobReport): JobStatusReport {
  return {
    jobId: report.jobId,
    dispatchAttempt: report.attempt,
    state: STATE_TO_PROTO[report.state],
    pid: report.pid,
    exitCode: report.exitCode ?? 0,
    hasExitCode: report.exitCode !== null,
    exitSignal: report.exitSignal,
    cpuTimeSec: report.cpuTimeSec,
    maxMemKb: report.maxMemKb,
    timeMs: report.timeMs,
    reportSeq: report.seq,
    termReason: report.termReason ?? '',
  };
}

export function toJobUsage(usage: RunningUsage): JobUsage {
  const { jobId, attempt, cpuTimeSec, memKb, threads, pids, timeMs } = usage;
  return { jobId, dispatchAttempt: attempt, cpuTimeSec, memKb, threads, pids: [...pids], timeMs };
}
