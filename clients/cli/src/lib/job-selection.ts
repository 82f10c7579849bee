import { Flags } from '@oclif/core';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import type { JobSelection } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { parseJobIdText } from '../../../../services/common/src/job-id';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { CommandFailure } from './command-failure';

/** The filters every job command shares (lsf-cli.md 3.1). */
export interface JobFilters {
  user?: string;
  queue?: string;
  host?: string;
  jobName?: string;
}

/** Which states a query asks for; none set means unfinished jobs. */
export interface JobStates {
  all?: boolean;
  finished?: boolean;
  pending?: boolean;
  running?: boolean;
  suspended?: boolean;
}

export const JOB_FILTER_FLAGS = {
  user: Flags.string({ char: 'u', description: 'jobs of this user, or of all users with "all"' }),
  queue: Flags.string({ char: 'q', description: 'jobs in this queue' }),
  host: Flags.string({ char: 'm', description: 'jobs on this host or host group' }),
  jobName: Flags.string({ char: 'J', description: 'jobs of this name; a trailing * matches all' }),
};

export interface JobIdArguments {
  ids: number[];
  /** Job id 0 was given: every job that matches the filters, whatever other ids say. */
  allMatching: boolean;
}

/**
 * Job ids as typed, each once, in the order given: `123`, or array elements `"123[4]"` and
 * `"123[1-5,9]"`, each element an id of its own.
 */
export function parseJobIds(words: readonly string[]): JobIdArguments {
  const ids = new Set<number>();
  for (const word of words) {
    const named = parseJobIdText(word);
    if (named === null) {
      throw new CommandFailure(`${word}: Illegal job ID.`);
    }
    if (named.length === 1 && named[0] === 0) {
      return { ids: [], allMatching: true };
    }
    named.forEach((id) => ids.add(id));
  }
  return { ids: [...ids], allMatching: false };
}

/** The selection mbatchd reads: filters not given are empty strings, states not asked false. */
export function jobSelection(
  ids: readonly number[],
  filters: JobFilters,
  states: JobStates = {},
): JobSelection {
  return {
    jobIds: [...ids],
    user: filters.user ?? '',
    queue: filters.queue ?? '',
    host: filters.host ?? '',
    jobName: filters.jobName ?? '',
    pending: states.pending ?? false,
    running: states.running ?? false,
    suspended: states.suspended ?? false,
    finished: states.finished ?? false,
    all: states.all ?? false,
  };
}

export function hasFilter(filters: JobFilters): boolean {
  return Boolean(filters.user || filters.queue || filters.host || filters.jobName);
}

/**
 * What bjobs, and a job-control command whose filters matched nothing, print on stderr when
 * no job matched, in OpenLava's order of precedence among the options.
 */
export function noJobFoundMessage(filters: JobFilters, states: JobStates = {}): string {
  const place = placeSuffix(filters);
  if (filters.jobName) {
    return `Job <${filters.jobName}> is not found${place}`;
  }
  if (states.all) {
    return `No job found${place}`;
  }
  if (states.finished) {
    return `No DONE/EXIT job found${place}`;
  }
  if (states.pending) {
    return `No pending job found${place}`;
  }
  if (states.suspended) {
    return `No suspended job found${place}`;
  }
  if (states.running) {
    return `No running job found${place}`;
  }
  return `No unfinished job found${place}`;
}

function placeSuffix(filters: JobFilters): string {
  const queue = filters.queue ? ` in queue <${filters.queue}>` : '';
  if (!filters.host) {
    return queue;
  }
  return `${queue}${queue ? ' and' : ''} on host/group <${filters.host}>`;
}

/**
 * A refused query as `lsb_perror` prints it: prefixed by the name it is about (the unknown
 * user, queue or host), or by the context mbatchd sent.
 */
export function selectionFailure(lsbe: number, filters: JobFilters, context = ''): string {
  const about: Partial<Record<number, string | undefined>> = {
    [Lsbe.LSBE_BAD_USER]: filters.user,
    [Lsbe.LSBE_BAD_QUEUE]: filters.queue,
    [Lsbe.LSBE_BAD_HOST]: filters.host,
  };
  const prefix = context || about[lsbe] || '';
  return prefix ? `${prefix}: ${lsbeMessage(lsbe)}` : lsbeMessage(lsbe);
}
