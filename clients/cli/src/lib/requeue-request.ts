import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import type {
  RequeueJobsRequest,
  RequeueJobsResponse,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { CommandFailure } from './command-failure';
import { reportJobResults, requeueRefusalLine } from './job-change-report';
import type { CommandReport } from './job-report';
import {
  hasFilter,
  type JobFilters,
  jobSelection,
  type JobStates,
  noJobFoundMessage,
  parseJobIds,
  selectionFailure,
} from './job-selection';

export const REQUEUE_USAGE = `Usage: brequeue [-d] [-e] [-r] [-a] [-H] [-u user_name | -u all]
                [-J job_name] [jobId | "jobId[idxList]" ...]`;

/** brequeue's options (lsf-cli.md 3.5). */
export interface RequeueOptions {
  done: boolean;
  exited: boolean;
  running: boolean;
  all: boolean;
  hold: boolean;
  user?: string;
  jobName?: string;
}

/** What a brequeue asks for, and what its filters look among when it names no job. */
export interface RequeueTarget {
  request: RequeueJobsRequest;
  filters: JobFilters;
  states: JobStates;
}

/**
 * The request for brequeue's arguments. `-d`, `-e` and `-r` add up and `-a` is all three;
 * without job ids, `-J`/`-u` pick the newest matching job (every one with job id 0) among
 * unfinished jobs for `-r`, finished ones for `-d` and `-e`, both for `-a`, as OpenLava does.
 */
export function requeueTarget(
  words: readonly string[],
  options: RequeueOptions,
  requester: string,
): RequeueTarget {
  const filters = { user: options.user, jobName: options.jobName };
  if (words.length === 0 && !hasFilter(filters)) {
    throw new CommandFailure(REQUEUE_USAGE);
  }
  const { ids, allMatching } = parseJobIds(words);
  const done = options.done || options.all;
  const exited = options.exited || options.all;
  const running = options.running || options.all;
  const finished = done || exited;
  const states = finished && running ? { all: true } : { finished };
  const request = {
    jobIds: ids,
    hold: options.hold,
    done,
    exited,
    running,
    requester,
    selection: jobSelection([], filters, states),
    allMatching,
  };
  return { request, filters, states };
}

/**
 * One line per job, refusals as OpenLava prints them (`Job <N> : message`, a space before the
 * colon); filters that matched nothing read as bjobs says it, exit 255.
 */
export function reportRequeueReply(
  reply: RequeueJobsResponse,
  target: RequeueTarget,
): CommandReport {
  if (reply.results.length > 0) {
    return reportJobResults(
      reply.results,
      (id) => `Job <${id}> is being requeued`,
      requeueRefusalLine,
    );
  }
  const stderr =
    reply.lsbe === Lsbe.LSBE_NO_JOB || reply.lsbe === Lsbe.LSBE_NO_ERROR
      ? noJobFoundMessage(target.filters, target.states)
      : selectionFailure(reply.lsbe, target.filters, reply.context);
  return { stdout: '', stderr: `${stderr}\n`, exitCode: 255 };
}
