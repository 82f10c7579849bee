import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { formatJobId } from '../../../../services/common/src/job-id';
import {
  SignalAction,
  SignalJobsResponse,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { Signal } from '../../../../services/common/src/signals';
import { readClusterConfig } from './cluster';
import { CommandFailure } from './command-failure';
import { CommandReport } from './job-report';
import {
  hasFilter,
  JobFilters,
  jobSelection,
  noJobFoundMessage,
  parseJobIds,
  selectionFailure,
} from './job-selection';
import { connectToMbatchd, currentUser } from './mbatchd-client';

/** What bkill, bstop and bresume act on, from their arguments. */
export interface SignalTarget {
  /** Explicit job ids; empty when job id 0 or only filters were given. */
  ids: number[];
  /** Job id 0: every matching job rather than only the newest one. */
  allMatching: boolean;
  filters: JobFilters;
}

/**
 * Reads the job ids and filters. With neither the command refuses, as OpenLava does, rather
 * than pick a job of its own accord.
 */
export function signalTarget(
  words: readonly string[],
  filters: JobFilters,
  usage: string,
): SignalTarget {
  if (words.length === 0 && !hasFilter(filters)) {
    const refusal = "Job ID or one of '-m', '-u' '-q' and '-J' must be specified.";
    throw new CommandFailure(`${refusal}\n${usage}`);
  }
  return { ...parseJobIds(words), filters };
}

/** Sends one action for the target's jobs to mbatchd and returns its answer. */
export async function signalJobs(
  command: string,
  target: SignalTarget,
  action: SignalAction,
  signal = 0,
): Promise<SignalJobsResponse> {
  const mbatchd = await connectToMbatchd(readClusterConfig(command), command);
  const request = {
    selection: jobSelection(target.ids, target.filters),
    action,
    signal,
    requester: currentUser().name,
    allMatching: target.allMatching,
  };
  try {
    return await mbatchd.call(mbatchd.client.signalJobs, request);
  } finally {
    mbatchd.close();
  }
}

const TERMINATING: ReadonlySet<SignalAction> = new Set([
  SignalAction.SIGNAL_ACTION_KILL,
  SignalAction.SIGNAL_ACTION_FORCE_KILL,
  SignalAction.SIGNAL_ACTION_KILL_AS_DONE,
]);

/**
 * The word of `Job <N> is being <verb>`. As in OpenLava it follows the signal, so that
 * `bkill -s STOP` reports "stopped" like bstop does.
 */
export function signalVerb(action: SignalAction, signal = 0): string {
  if (action === SignalAction.SIGNAL_ACTION_STOP) {
    return 'stopped';
  }
  if (action === SignalAction.SIGNAL_ACTION_RESUME) {
    return 'resumed';
  }
  if (TERMINATING.has(action)) {
    return 'terminated';
  }
  const bySignal: Partial<Record<number, string>> = {
    [Signal.KILL]: 'terminated',
    [Signal.STOP]: 'stopped',
    [Signal.CONT]: 'resumed',
  };
  return bySignal[signal] ?? 'signaled';
}

/**
 * One line per job in mbatchd's order: accepted ones on stdout, refused ones on stderr; any
 * refusal, or nothing matched, makes the exit code 255.
 */
export function reportSignalReply(
  reply: SignalJobsResponse,
  target: SignalTarget,
  verb: string,
): CommandReport {
  if (reply.results.length === 0) {
    return { stdout: '', stderr: nothingSignalled(reply.lsbe, target), exitCode: 255 };
  }
  let stdout = '';
  let stderr = '';
  for (const result of reply.results) {
    if (result.lsbe === Lsbe.LSBE_NO_ERROR) {
      stdout += `Job <${formatJobId(result.jobId)}> is being ${verb}\n`;
    } else {
      stderr += `Job <${formatJobId(result.jobId)}>: ${lsbeMessage(result.lsbe)}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 255 };
}

function nothingSignalled(lsbe: Lsbe, target: SignalTarget): string {
  if (lsbe !== Lsbe.LSBE_NO_JOB && lsbe !== Lsbe.LSBE_NO_ERROR) {
    return `${selectionFailure(lsbe, target.filters)}\n`;
  }
  if (target.ids.length > 0) {
    const message = lsbeMessage(Lsbe.LSBE_NO_JOB);
    return target.ids.map((id) => `Job <${id}>: ${message}\n`).join('');
  }
  return `${noJobFoundMessage(target.filters)}\n`;
}
