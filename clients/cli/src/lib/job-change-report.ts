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

/**
 * One line per job: `success(id)` on stdout, or `Job <N>: [context: ]message` on stderr
 * (`separator` is brequeue's `Job <N> : ` spacing); any refusal makes the exit code 255.
 */
export function reportJobResults(
  results: readonly JobResult[],
  success: (id: string) => string,
  separator = ': ',
): CommandReport {
  let stdout = '';
  let stderr = '';
  for (const result of results) {
    const id = formatJobId(result.jobId);
    if (result.lsbe === Lsbe.LSBE_NO_ERROR) {
      stdout += `${success(id)}\n`;
    } else {
      const context = result.context ? `${result.context}: ` : '';
      stderr += `Job <${id}>${separator}${context}${lsbeMessage(result.lsbe)}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 255 };
}
