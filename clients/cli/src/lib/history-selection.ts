import type { JobSelection } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { CommandFailure } from './command-failure';
import { arrayIdOf, parseJobIdText } from '../../../../services/common/src/job-id';

/** The bhist options that choose jobs. */
export interface HistoryFilters {
  all: boolean;
  finished: boolean;
  pending: boolean;
  running: boolean;
  suspended: boolean;
  /** -u: a user name or `all`; undefined means the caller. */
  user?: string;
  /** -J: a job name; a trailing `*` matches any suffix. */
  jobName?: string;
}

/** A job ID argument: `123`, or array elements `123[4]` and `123[1-5]`, each an id. */
function parseJobId(text: string): number[] {
  const ids = parseJobIdText(text);
  if (ids === null || ids.some((id) => arrayIdOf(id) === 0)) {
    throw new CommandFailure(`${text}: Illegal job ID.`);
  }
  return ids;
}

/**
 * The JobSelection bhist sends. With no state option mbatchd returns the unfinished jobs;
 * job IDs select those jobs whatever their state or owner, as in LSF.
 */
export function historySelection(filters: HistoryFilters, jobIds: readonly string[]): JobSelection {
  return {
    jobIds: jobIds.flatMap(parseJobId),
    user: filters.user ?? '',
    queue: '',
    host: '',
    jobName: filters.jobName ?? '',
    pending: filters.pending,
    running: filters.running,
    suspended: filters.suspended,
    finished: filters.finished,
    all: filters.all,
  };
}
