import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { formatJobId } from '../../../../services/common/src/job-id';
import { left, leftNoCut } from './columns';
import { formatSubmitTime } from './job-time';
import { isPending, oneLine, pendingReasonLines, statusWord } from './job-status';

export const JOBS_HEADER =
  'JOBID   USER    STAT  QUEUE      FROM_HOST   EXEC_HOST   JOB_NAME   SUBMIT_TIME';

/** The header of OpenLava's `bjobs -p` layout, which has no EXEC_HOST column. */
export const PENDING_JOBS_HEADER =
  'JOBID   USER    STAT  QUEUE       FROM_HOST      JOB_NAME           SUBMIT_TIME';

/** Extra hosts of a parallel job line up under EXEC_HOST, which starts at column 46. */
const EXEC_HOST_INDENT = ' '.repeat(45);

export interface JobsTableOptions {
  /** -w: nothing is cut, all execution hosts on the row joined by `:`. */
  wide: boolean;
  /** -p with other options: each pending job is followed by its reasons. */
  pendingReasons: boolean;
}

/**
 * A job name that does not fit keeps its end, which usually tells jobs apart better than its
 * start: `sleep 10000` in 10 columns is `*eep 10000`.
 */
export function nameTail(name: string, width: number): string {
  return name.length > width ? `*${name.slice(name.length - width + 1)}` : name;
}

/** The default and `-w` tables of bjobs, jobs in the order mbatchd sent them. */
export function renderJobsTable(jobs: readonly JobRecord[], options: JobsTableOptions): string {
  const lines = [JOBS_HEADER];
  for (const job of jobs) {
    lines.push(...(options.wide ? wideRow(job) : defaultRows(job)));
    if (options.pendingReasons && isPending(job)) {
      lines.push(...pendingReasonLines(job.pendReason));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** OpenLava's layout for `bjobs -p` alone: no EXEC_HOST, wider QUEUE, FROM_HOST and JOB_NAME. */
export function renderPendingJobsTable(jobs: readonly JobRecord[]): string {
  const lines = [PENDING_JOBS_HEADER];
  for (const job of jobs) {
    const name = left(nameTail(oneLine(job.jobName), 20), 18);
    lines.push(
      [
        leftNoCut(formatJobId(job.jobId), 7),
        left(job.user, 7),
        left(statusWord(job), 5),
        left(job.queue, 11),
        left(job.fromHost, 14),
        name,
        formatSubmitTime(job.submitTimeMs),
      ].join(' '),
      ...pendingReasonLines(job.pendReason),
    );
  }
  return `${lines.join('\n')}\n`;
}

function defaultRows(job: JobRecord): string[] {
  const [firstHost, ...otherHosts] = job.execHosts;
  const execHost = isPending(job) ? '' : (firstHost ?? '   -   ');
  const row = [
    leftNoCut(formatJobId(job.jobId), 7),
    left(job.user, 7),
    left(statusWord(job), 5),
    left(job.queue, 10),
    left(job.fromHost, 11),
    left(execHost, 11),
    left(nameTail(oneLine(job.jobName), 10), 10),
    formatSubmitTime(job.submitTimeMs),
  ].join(' ');
  const continuation = isPending(job) ? [] : otherHosts.map((host) => EXEC_HOST_INDENT + host);
  return [row, ...continuation];
}

function wideRow(job: JobRecord): string[] {
  const execHost = job.execHosts.length === 0 ? '   -    ' : job.execHosts.join(':');
  const row = [
    leftNoCut(formatJobId(job.jobId), 7),
    leftNoCut(job.user, 7),
    leftNoCut(statusWord(job), 5),
    leftNoCut(job.queue, 10),
    leftNoCut(job.fromHost, 11),
    leftNoCut(execHost, 11),
    leftNoCut(oneLine(job.jobName), 10),
    formatSubmitTime(job.submitTimeMs),
  ].join(' ');
  return [row];
}
