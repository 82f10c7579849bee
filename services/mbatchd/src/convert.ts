import {
  BatchHost,
  BatchQueue,
  HistoryRecord,
  JobRecord,
  JobSubmission,
} from '../../common/src/generated/lavalite/v1/batch';
import type { SpecChanges } from './core/job-changes';
import { JobState as ProtoJobState } from '../../common/src/generated/lavalite/v1/job';
import {
  JobSelection,
  SignalAction as ProtoSignalAction,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import { arrayIdOf, arrayIndexOf } from '../../common/src/job-id';
import type { HistoryEvent } from './domain/history-event';
import type { Job, JobState } from './domain/job';
import type { RunUsage } from './domain/run-usage';
import type { SignalAction } from './core/job-control';
import type { HostRow, Selection } from './core/queries';

const STATE_TO_PROTO: Record<JobState, ProtoJobState> = {
  PEND: ProtoJobState.JOB_STATE_PEND,
  PSUSP: ProtoJobState.JOB_STATE_PSUSP,
  RUN: ProtoJobState.JOB_STATE_RUN,
  SSUSP: ProtoJobState.JOB_STATE_SSUSP,
  USUSP: ProtoJobState.JOB_STATE_USUSP,
  DONE: ProtoJobState.JOB_STATE_DONE,
  EXIT: ProtoJobState.JOB_STATE_EXIT,
};

const STATE_FROM_PROTO = new Map<ProtoJobState, JobState>(
  Object.entries(STATE_TO_PROTO).map(([domain, proto]) => [proto, domain as JobState]),
);

export function encodeJobState(state: JobState | undefined): ProtoJobState {
  return state ? STATE_TO_PROTO[state] : ProtoJobState.JOB_STATE_UNSPECIFIED;
}

export function decodeJobState(state: ProtoJobState): JobState | undefined {
  return STATE_FROM_PROTO.get(state);
}

const ACTION_FROM_PROTO: Partial<Record<ProtoSignalAction, SignalAction>> = {
  [ProtoSignalAction.SIGNAL_ACTION_KILL]: 'kill',
  [ProtoSignalAction.SIGNAL_ACTION_STOP]: 'stop',
  [ProtoSignalAction.SIGNAL_ACTION_RESUME]: 'resume',
  [ProtoSignalAction.SIGNAL_ACTION_SIGNAL]: 'signal',
  [ProtoSignalAction.SIGNAL_ACTION_FORCE_KILL]: 'force-kill',
  [ProtoSignalAction.SIGNAL_ACTION_KILL_AS_DONE]: 'kill-as-done',
};

export function decodeSignalAction(action: ProtoSignalAction): SignalAction | undefined {
  return ACTION_FROM_PROTO[action];
}

export function decodeSelection(selection: JobSelection | undefined): Selection {
  return {
    jobIds: selection?.jobIds ?? [],
    user: selection?.user ?? '',
    queue: selection?.queue ?? '',
    host: selection?.host ?? '',
    jobName: selection?.jobName ?? '',
    all: selection?.all ?? false,
    finished: selection?.finished ?? false,
    pending: selection?.pending ?? false,
    running: selection?.running ?? false,
    suspended: selection?.suspended ?? false,
  };
}

/**
 * bmod's changes: the named submission fields, and the reset ones back to no value (an empty
 * queue, job name or project: the default one).
 */
export function decodeSpecChanges(
  changes: JobSubmission | undefined,
  fields: readonly string[],
  resets: readonly string[],
): SpecChanges {
  const given = changes ?? JobSubmission.fromPartial({});
  const values: Record<string, [keyof SpecChanges, unknown, unknown]> = {
    command: ['command', given.command, undefined],
    queue: ['queue', given.queue, ''],
    cwd: ['cwd', given.cwd, undefined],
    res_reqs: ['resReqs', given.resReqs, []],
    mem_limit_kb: ['memLimitKb', given.memLimitKb || undefined, undefined],
    run_limit_sec: ['runLimitSec', given.runLimitSec || undefined, undefined],
    exclusive: ['exclusive', given.exclusive, false],
    dependency: ['dependency', given.dependency || undefined, undefined],
    begin_time_ms: ['beginTimeMs', given.beginTimeMs || undefined, undefined],
    term_time_ms: ['termTimeMs', given.termTimeMs || undefined, undefined],
    slots: ['slots', given.slots, 1],
    max_slots: ['maxSlots', given.maxSlots || undefined, undefined],
    hosts: ['askedHosts', given.hosts, []],
    job_name: ['jobName', given.jobName, ''],
    project: ['project', given.project, ''],
    output_file: ['outputFile', given.outputFile || undefined, undefined],
    overwrite_output: ['overwriteOutput', given.overwriteOutput, false],
    error_file: ['errorFile', given.errorFile || undefined, undefined],
    overwrite_error: ['overwriteError', given.overwriteError, false],
    input_file: ['inputFile', given.inputFile || undefined, undefined],
    rerunnable: ['rerunnable', given.rerunnable, undefined],
  };
  const spec: Record<string, unknown> = {};
  for (const field of fields) {
    const entry = values[field];
    if (entry) {
      spec[entry[0]] = entry[1];
    }
  }
  for (const field of resets) {
    const entry = values[field];
    if (entry) {
      spec[entry[0]] = entry[2];
    }
  }
  if ('queue' in spec) {
    // bmod -q names a queue as bsub -q does; -qn goes back to the default one.
    spec.queueGiven = spec.queue !== '';
  }
  return spec as SpecChanges;
}

export function encodeJob(job: Job, rerunnable: boolean, usage?: RunUsage): JobRecord {
  const spec = job.spec;
  // A running job's figures come from its host's last measure; a finished one's from its end.
  const running = job.exit ? undefined : usage;
  return {
    jobId: job.id,
    user: spec.user,
    uid: spec.uid,
    state: encodeJobState(job.state),
    hostUnreachable: job.hostUnreachable,
    queue: spec.queue,
    queueGiven: spec.queueGiven,
    fromHost: spec.fromHost,
    execHosts: job.execHosts,
    jobName: spec.jobName,
    command: spec.command,
    cwd: spec.cwd,
    outputFile: spec.outputFile ?? '',
    errorFile: spec.errorFile ?? '',
    inputFile: spec.inputFile ?? '',
    project: spec.project,
    slots: spec.slots,
    maxSlots: spec.maxSlots ?? 0,
    askedHosts: spec.askedHosts,
    submitTimeMs: spec.submitTimeMs,
    startTimeMs: job.startTimeMs ?? 0,
    endTimeMs: job.exit?.endTimeMs ?? 0,
    exitCode: job.exit?.exitCode ?? 0,
    hasExitCode: job.exit?.exitCode !== undefined,
    exitSignal: job.exit?.signal ?? 0,
    cpuTimeSec: job.exit?.cpuTimeSec ?? running?.cpuTimeSec ?? 0,
    maxMemKb: job.exit?.maxMemKb ?? running?.maxMemKb ?? 0,
    pendReason: job.pendReason,
    termReason: job.termReason ?? '',
    pid: job.pid ?? 0,
    resReq: (spec.resReqs ?? []).join(' '),
    memLimitKb: spec.memLimitKb ?? 0,
    runLimitSec: spec.runLimitSec ?? 0,
    exclusive: spec.exclusive ?? false,
    dependency: spec.dependency ?? '',
    beginTimeMs: spec.beginTimeMs ?? 0,
    termTimeMs: spec.termTimeMs ?? 0,
    arrayIndex: arrayIndexOf(job.id),
    arrayJobId: arrayIdOf(job.id),
    arrayRunningLimit: spec.arrayRunningLimit ?? 0,
    rerunnable,
    preExecCommand: spec.preExecCommand ?? '',
    postExecCommand: spec.postExecCommand ?? '',
    arraySpec: spec.arraySpec ?? '',
    memKb: running?.memKb ?? 0,
    nthreads: running?.threads ?? 0,
    pids: running?.pids ?? [],
    usageTimeMs: running?.timeMs ?? 0,
  };
}

export function encodeEvent(event: HistoryEvent): HistoryRecord {
  return {
    jobId: event.jobId,
    timeMs: event.timeMs,
    kind: event.kind,
    actor: event.actor,
    fromState: encodeJobState(event.from),
    toState: encodeJobState(event.to),
    reason: event.reason,
    detailsJson: JSON.stringify(event.details ?? {}),
  };
}

export function encodeHost(row: HostRow, cpuFactor: number): BatchHost {
  return { ...row, numReserved: 0, cpuFactor };
}

export type QueueRecord = BatchQueue;
