import { formatJobId } from '../../../../services/common/src/job-id';
import type { ListJobsResponse } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { renderJobsCustom, renderJobsJson } from '../render/jobs-custom';
import { renderArraySummary } from '../render/array-summary';
import { JobsLongContext, renderJobsLong } from '../render/jobs-long';
import { renderJobsTable, renderPendingJobsTable } from '../render/jobs-table';
import { CommandReport } from './job-report';
import { JobFilters, JobStates, noJobFoundMessage, selectionFailure } from './job-selection';
import type { JobsFormat } from './jobs-format';

/** What bjobs was asked, as its options and arguments say. */
export interface JobsQuery {
  ids: number[];
  filters: JobFilters;
  states: JobStates;
  wide: boolean;
  long: boolean;
  /** -o (or LSB_BJOBS_FORMAT): custom columns. */
  format?: JobsFormat;
  /** -noheader: no header line in the tables. */
  noHeader?: boolean;
  /** -json: the -o fields as LSF's JSON document. */
  json?: boolean;
  /** -A: the array summary. */
  arrays?: boolean;
}

/**
 * bjobs' output for mbatchd's answer: the jobs in the format asked for, one stderr line per
 * requested id that does not exist, and LSF's texts when nothing matched or a filter names
 * an unknown user, queue or host. Exit code 255 unless every requested job was shown.
 */
export function reportJobList(
  reply: ListJobsResponse,
  query: JobsQuery,
  context: JobsLongContext,
): CommandReport {
  if (query.json && query.format) {
    return jsonReport(reply, query.format, context);
  }
  if (reply.lsbe !== Lsbe.LSBE_NO_ERROR && reply.lsbe !== Lsbe.LSBE_NO_JOB) {
    const stderr = `${selectionFailure(reply.lsbe, query.filters, reply.context)}\n`;
    return { stdout: '', stderr, exitCode: 255 };
  }
  if (query.arrays) {
    return arraysReport(reply, query);
  }
  const missing = reply.missingJobIds
    .map((id) => `Job <${formatJobId(id)}> is not found\n`)
    .join('');
  if (reply.jobs.length === 0) {
    const stderr = missing || `${noJobFoundMessage(query.filters, query.states)}\n`;
    return { stdout: '', stderr, exitCode: 255 };
  }
  return {
    stdout: renderJobs(reply, query, context),
    stderr: missing,
    exitCode: missing === '' ? 0 : 255,
  };
}

/**
 * `bjobs -json` always exits 0 with nothing on stderr: clients parse the whole output as JSON
 * (PSI/J merges stderr into it), and a missing job is a record with an ERROR key.
 */
function jsonReport(
  reply: ListJobsResponse,
  format: JobsFormat,
  context: JobsLongContext,
): CommandReport {
  if (reply.lsbe !== Lsbe.LSBE_NO_ERROR && reply.lsbe !== Lsbe.LSBE_NO_JOB) {
    return { stdout: renderJobsJson([], [], format, context), stderr: '', exitCode: 0 };
  }
  const stdout = renderJobsJson(reply.jobs, reply.missingJobIds, format, context);
  return { stdout, stderr: '', exitCode: 0 };
}

/**
 * `bjobs -A`: a summary row per array, and LSF's words for an id that names no array or a job
 * that is not one, or for no array at all.
 */
function arraysReport(reply: ListJobsResponse, query: JobsQuery): CommandReport {
  const { all, finished } = query.states;
  // Arrays named by id show whatever their elements' states, as jobs named by id do.
  const onlyUnfinished = query.ids.length === 0 && !all && !finished;
  const stdout = renderArraySummary(reply.jobs, { wide: query.wide, onlyUnfinished });
  const missing = new Set(reply.missingJobIds);
  const problems = query.ids.flatMap((id) => {
    if (missing.has(id)) {
      return [`Job array <${formatJobId(id)}> is not found\n`];
    }
    const isArray = reply.jobs.some((job) => job.arrayIndex > 0 && job.arrayJobId === id);
    return isArray ? [] : [`Job <${formatJobId(id)}> is not a job array\n`];
  });
  if (stdout === '' && problems.length === 0) {
    const stderr = `${noJobFoundMessage(query.filters, query.states)}\n`;
    return { stdout, stderr, exitCode: 255 };
  }
  return { stdout, stderr: problems.join(''), exitCode: problems.length > 0 ? 255 : 0 };
}

function renderJobs(reply: ListJobsResponse, query: JobsQuery, context: JobsLongContext): string {
  if (query.format) {
    return renderJobsCustom(reply.jobs, query.format, context, !query.noHeader);
  }
  if (query.long) {
    return renderJobsLong(reply.jobs, context);
  }
  if (query.noHeader) {
    return withoutHeader(renderTable(reply, query));
  }
  return renderTable(reply, query);
}

function withoutHeader(table: string): string {
  return table.slice(table.indexOf('\n') + 1);
}

function renderTable(reply: ListJobsResponse, query: JobsQuery): string {
  const { all, finished, pending, running, suspended } = query.states;
  if (pending && !all && !finished && !running && !suspended && !query.wide) {
    return renderPendingJobsTable(reply.jobs);
  }
  return renderJobsTable(reply.jobs, { wide: query.wide, pendingReasons: Boolean(pending) });
}
