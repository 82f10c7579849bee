import type { JobSelection } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { CommandFailure } from './command-failure';

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

/** A job ID argument: a positive decimal number (job arrays are not supported). */
function parseJobId(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) === 0) {
    throw new CommandFailure(`${text}: Illegal job ID.`);
  }
  return Number(text);
}

/**
 * The JobSelection bhist sends. With no state option mbatchd returns the unfinished jobs;
 * job IDs select those jobs whatever their state or owner, as in LSF.
 */
export function historySelection(filters: HistoryFilters, jobIds: readonly string[]): JobSelection {
  return {
    jobIds: jobIds.map(parseJobId),
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
