import type {
  HistoryRecord,
  JobRecord,
} from '../../../../services/common/src/generated/lavalite/v1/batch';
import { timeInStates } from '../lib/history-times';
import { left, leftNoCut } from './columns';
import { formatJobId } from '../../../../services/common/src/job-id';

const TITLE = 'Summary of time in seconds spent in various states:\n';
const HEADER = 'JOBID   USER    JOB_NAME  PEND    PSUSP   RUN     USUSP   SSUSP   UNKWN   TOTAL\n';

/** bhist cuts a job name longer than 8 to `*` and its last 7 characters. */
export function shortJobName(name: string): string {
  return name.length > 8 ? `*${name.slice(-7)}` : name;
}

export interface HistorySummaryOptions {
  /** The time unfinished jobs are summed up to. */
  nowMs: number;
  /** -w: ids, users and job names in full. */
  wide: boolean;
}

/**
 * bhist's default output: the time each job spent in each state, one row per job as
 * `%-7.7s %-7.7s %-9.9s` then `%-8.0f` six times and `%-10.0f` (so each row ends in blanks).
 */
export function renderHistorySummary(
  jobs: readonly JobRecord[],
  events: readonly HistoryRecord[],
  options: HistorySummaryOptions,
): string {
  const rows = jobs.map((job) => {
    const id = formatJobId(job.jobId);
    const name = job.jobName || job.command;
    const who = options.wide
      ? `${leftNoCut(id, 7)} ${leftNoCut(job.user, 7)} ${leftNoCut(name, 9)} `
      : `${left(id, 7)} ${left(job.user, 7)} ${left(shortJobName(name), 9)} `;
    const times = timeInStates(
      events.filter((event) => event.jobId === job.jobId),
      options.nowMs,
    );
    const columns = [times.pend, times.psusp, times.run, times.ususp, times.ssusp, times.unkwn];
    return (
      who +
      columns.map((value) => leftNoCut(String(value), 8)).join('') +
      `${leftNoCut(String(times.total), 10)}\n`
    );
  });
  return TITLE + HEADER + rows.join('');
}
