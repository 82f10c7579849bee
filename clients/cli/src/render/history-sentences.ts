import type {
  HistoryRecord,
  JobRecord,
} from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { EventDetails, parseEventDetails } from '../lib/history-details';
import { modifySentence } from './modify-sentence';
import { termReasonText } from './term-reasons';

/** What a state change reads as when the event carries no reason of its own. */
const STATE_SENTENCE: Partial<Record<JobState, string>> = {
  [JobState.JOB_STATE_PEND]: 'Pending',
  [JobState.JOB_STATE_PSUSP]: 'Suspended by the user or administrator while pending',
  [JobState.JOB_STATE_RUN]: 'Running',
  [JobState.JOB_STATE_SSUSP]: 'Suspended',
  [JobState.JOB_STATE_USUSP]: 'Suspended by the user or administrator',
  [JobState.JOB_STATE_UNKWN]: 'Unknown; unable to reach the execution host',
};

/** A rerunnable job whose host failed, as LSF's bhist says it. */
const RERUN_SENTENCE = 'Exited; job will be requeued and rerun';
/** OpenLava's pending reason for a job whose pre-exec command failed. */
const PRE_EXEC_PENDING = "The job's pre-exec command exited with non-zero status";

/**
 * The working directory as LSF shows it: under the owner's home it reads `$HOME/...`; a
 * relative directory is already relative to that home.
 */
export function displayCwd(cwd: string, home: string | undefined): string {
  if (cwd === '') {
    return '$HOME';
  }
  if (!cwd.startsWith('/')) {
    return cwd.startsWith('$HOME') ? cwd : `$HOME/${cwd}`;
  }
  if (home && home !== '/' && (cwd === home || cwd.startsWith(`${home}/`))) {
    return `$HOME${cwd.slice(home.length)}`;
  }
  return cwd;
}

/** One slot per entry in; a host holding several slots reads `<2*node07>`. */
export function hostList(hosts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const host of hosts) {
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  return [...counts].map(([host, n]) => (n > 1 ? `<${n}*${host}>` : `<${host}>`)).join(' ');
}

/** The run's outcome, `Exited with exit code 130`, from the event or else the job record. */
function exitedHow(job: JobRecord, details: EventDetails): string {
  const exitCode = details.exitCode ?? (job.hasExitCode ? job.exitCode : undefined);
  const signal = typeof details.signal === 'number' ? details.signal : job.exitSignal;
  if (exitCode !== undefined) {
    return `Exited with exit code ${exitCode}`;
  }
  return signal ? `Exited by signal ${signal}` : 'Exited';
}

function cpuSentence(job: JobRecord, details: EventDetails): string {
  return `The CPU time used is ${(details.cpuTimeSec ?? job.cpuTimeSec).toFixed(1)} seconds`;
}

/**
 * brequeue as LSF's bhist tells it: the request reads as a REQUEUE_PEND (or, with -H,
 * REQUEUE_PSUSP) signal, a killed run as its exit, then the return to pending.
 */
function requeueSentences(event: HistoryRecord, job: JobRecord, details: EventDetails): string[] {
  if (event.toState !== JobState.JOB_STATE_PEND) {
    const signal = details.hold ? 'REQUEUE_PSUSP' : 'REQUEUE_PEND';
    return [`Signal <${signal}> requested by user or administrator <${event.actor}>`];
  }
  if (details.rerun) {
    return [RERUN_SENTENCE];
  }
  if (details.preExecExitCode !== undefined) {
    return [
      `Pre-execution command exited with exit code ${details.preExecExitCode}`,
      `Pending: ${PRE_EXEC_PENDING}`,
    ];
  }
  const requeued = 'Pending: Job has been requeued';
  const ranUntilKilled = details.cpuTimeSec !== undefined;
  return ranUntilKilled
    ? [`${exitedHow(job, details)}. ${cpuSentence(job, details)}`, requeued]
    : [requeued];
}

function finishSentences(event: HistoryRecord, job: JobRecord, details: EventDetails): string[] {
  const cpu = cpuSentence(job, details);
  if (event.toState === JobState.JOB_STATE_DONE) {
    return [`Done successfully. ${cpu}`];
  }

  if (details.startError !== undefined) {
    return [`Exited; the job could not be started: ${details.startError}. ${cpu}`];
  }
  if (details.forced) {
    return [
      'Exited; job has been forced to exit',
      `Completed <exit>; ${termReasonText(job.termReason)}`,
    ];
  }
  const how = exitedHow(job, details);
  // The event's own reason belongs to that run; the job's is the latest run's.
  const termReason = details.termReason ?? job.termReason;
  const completed = termReason
    ? `Completed <exit>; ${termReasonText(termReason)}`
    : 'Completed <exit>';
  return [`${how}. ${cpu}`, completed];
}

/**
 * The sentences `bhist -l` prints for one event, without the stamp and the closing `;`.
 * Details missing from the event fall back on the job record. An event kind this client
 * does not know prints its reason, or nothing when it has none.
 */
export function eventSentences(
  event: HistoryRecord,
  job: JobRecord,
  home: string | undefined,
): string[] {
  const details = parseEventDetails(event.detailsJson);
  switch (event.kind) {
    case 'SUBMIT': {
      const cwd = displayCwd(details.cwd ?? job.cwd, home);
      const queue = details.queue ?? job.queue;
      const from = details.fromHost ?? job.fromHost;
      return [`Submitted from host <${from}>, to Queue <${queue}>, CWD <${cwd}>`];
    }
    case 'DISPATCH': {
      const hosts = details.hosts ?? job.execHosts;
      const on = hostList(hosts);
      return [
        `Dispatched ${hosts.length} Task(s) on Host(s) ${on}, ` +
          `Allocated ${hosts.length} Slot(s) on Host(s) ${on}`,
      ];
    }
    case 'START': {
      const pid = details.pid ?? job.pid;
      return [
        `Starting (Pid ${pid})`,
        `Running with execution home <${details.execHome ?? home ?? ''}>, ` +
          `Execution CWD <${details.execCwd ?? job.cwd}>, Execution Pid <${pid}>`,
      ];
    }
    case 'SIGNAL':
      return [
        `Signal <${details.signal ?? event.reason}> requested by user or administrator ` +
          `<${event.actor}>`,
      ];
    case 'FINISH':
      return finishSentences(event, job, details);
    case 'REQUEUE':
      return requeueSentences(event, job, details);
    case 'UNKNOWN_HOST':
      return [STATE_SENTENCE[JobState.JOB_STATE_UNKWN]!];
    case 'MODIFY':
      return [modifySentence(event.detailsJson)];
    case 'SWITCH':
      return [
        `Switched to Queue <${details.to ?? job.queue}> by user or administrator ` +
          `<${event.actor}>`,
      ];
    case 'MOVE':
      return [
        `Job moved to position ${details.position ?? 1} relative to ` +
          `<${details.from === 'bottom' ? 'bottom' : 'top'}> by user or administrator ` +
          `<${event.actor}>`,
      ];
    default: {
      const sentence = event.reason || STATE_SENTENCE[event.toState];
      return sentence ? [sentence] : [];
    }
  }
}
