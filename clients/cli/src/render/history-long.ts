import type {
  HistoryRecord,
  JobRecord,
} from '../../../../services/common/src/generated/lavalite/v1/batch';
import { parseEventDetails } from '../lib/history-details';
import { TimeInStates, timeInStates } from '../lib/history-times';
import { leftNoCut } from './columns';
import { formatEventTime } from './job-time';
import { eventSentences } from './history-sentences';
import { WrappingWriter } from './history-writer';
import { shownCommand } from './job-status';
import { formatJobId } from '../../../../services/common/src/job-id';

/** Jobs are separated by a line of 78 dashes. */
const JOB_SEPARATOR = `${'-'.repeat(78)}\n`;

export interface HistoryLongOptions {
  /** The time unfinished jobs are summed up to. */
  nowMs: number;
  /** Home directories by user name, to show working directories as `$HOME/...`. */
  homes: ReadonlyMap<string, string>;
}

/** The closing summary: `  %-9.0f` six times, then `%-12.0f` for TOTAL. */
function summary(times: TimeInStates): string {
  const columns = [times.pend, times.psusp, times.run, times.ususp, times.ssusp, times.unkwn];
  return (
    `\nSummary of time in seconds spent in various states by  ${formatEventTime(times.asOfMs)}\n` +
    '  PEND     PSUSP    RUN      USUSP    SSUSP    UNKWN    TOTAL\n' +
    `  ${columns.map((value) => leftNoCut(String(value), 9)).join('')}` +
    `${leftNoCut(String(times.total), 12)}\n`
  );
}

/** Without a home from the password file, the execution home of a started job will do. */
function homeOf(
  job: JobRecord,
  events: readonly HistoryRecord[],
  homes: ReadonlyMap<string, string>,
): string | undefined {
  const start = events.find((event) => event.kind === 'START');
  return homes.get(job.user) ?? (start ? parseEventDetails(start.detailsJson).execHome : undefined);
}

function jobBlock(
  job: JobRecord,
  events: readonly HistoryRecord[],
  options: HistoryLongOptions,
): string {
  const writer = new WrappingWriter();
  const name =
    job.jobName !== '' && job.jobName !== job.command ? ` Job Name <${job.jobName}>,` : '';
  writer.write(
    `\nJob <${formatJobId(job.jobId)}>,${name} User <${job.user}>, Project <${job.project || 'default'}>, ` +
      `Command <${shownCommand(job.command)}>\n`,
  );

  const home = homeOf(job, events, options.homes);
  for (const event of events) {
    for (const sentence of eventSentences(event, job, home)) {
      writer.write(`${formatEventTime(event.timeMs)}: ${sentence};\n`);
    }
  }
  writer.write(summary(timeInStates(events, options.nowMs)));
  return writer.toString();
}

/**
 * `bhist -l`: per job a blank line, the header line (with `Job Name` only when the name was
 * chosen, i.e. differs from the command), one stamped sentence per event, and the summary of
 * time in each state. Every line wraps at 79 columns; the output ends with a blank line.
 */
export function renderHistoryLong(
  jobs: readonly JobRecord[],
  events: readonly HistoryRecord[],
  options: HistoryLongOptions,
): string {
  const blocks = jobs.map((job) =>
    jobBlock(
      job,
      events.filter((event) => event.jobId === job.jobId),
      options,
    ),
  );
  return `${blocks.join(JOB_SEPARATOR)}\n`;
}
