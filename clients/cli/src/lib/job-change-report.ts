import type { JobResult } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { formatJobId } from '../../../../services/common/src/job-id';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { CommandFailure } from './command-failure';
import type { CommandReport } from './job-report';
import { parseJobIds } from './job-selection';

/** Job ids of bmod, bswitch and brequeue: at least one, never 0. */
export function changedJobIds(words: readonly string[], usage: string): number[] {
  const { ids, allMatching } = parseJobIds(words);
  if (ids.length === 0 || allMatching) {
    throw new CommandFailure(usage);
  }
  return ids;
}

/** `Job <N>: [context: ]message`, or with brequeue's `Job <N> : ` spacing. */
function jobRefusalLine(id: string, result: JobResult, separator = ': '): string {
  const context = result.context ? `${result.context}: ` : '';
  return `Job <${id}>${separator}${context}${lsbeMessage(result.lsbe)}`;
}

/**
 * One line per job: `success(id)` on stdout, or `failure(id, result)` on stderr (by default
 * `Job <N>: [context: ]message`); any refusal makes the exit code 255.
 */
export function reportJobResults(
  results: readonly JobResult[],
  success: (id: string) => string,
  failure: (id: string, result: JobResult) => string = jobRefusalLine,
): CommandReport {
  let stdout = '';
  let stderr = '';
  for (const result of results) {
    const id = formatJobId(result.jobId);
    if (result.lsbe === Lsbe.LSBE_NO_ERROR) {
      stdout += `${success(id)}\n`;
    } else {
      stderr += `${failure(id, result)}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 255 };
}

/** brequeue's refusals read `Job <N> : message`. */
export function requeueRefusalLine(id: string, result: JobResult): string {
  return jobRefusalLine(id, result, ' : ');
}

/** Refusals of the job itself rather than of the new options. */
const JOB_REFUSALS: ReadonlySet<Lsbe> = new Set([
  Lsbe.LSBE_NO_JOB,
  Lsbe.LSBE_JOB_STARTED,
  Lsbe.LSBE_JOB_FINISH,
  Lsbe.LSBE_PERMISSION,
  Lsbe.LSBE_JOB_MODIFY,
  Lsbe.LSBE_MOD_JOB_NAME,
]);

/**
 * bmod's refusals: of the job, as other job changes word them; of the new options, as bsub
 * words them, ending `. Job not modified.` (`nosuch: No such queue. Job not modified.`).
 */
export function modifyRefusalLine(id: string, result: JobResult): string {
  // A job that -w names and that does not exist is the option's fault, not the job's.
  const ofTheOptions = result.lsbe === Lsbe.LSBE_NO_JOB && result.context !== '';
  if (JOB_REFUSALS.has(result.lsbe) && !ofTheOptions) {
    return jobRefusalLine(id, result);
  }
  const context = result.context ? `${result.context}: ` : '';
  return `${context}${lsbeMessage(result.lsbe)}. Job not modified.`;
}
