import { FINISHED_STATES, Job, JobState, PENDING_STATES, STARTED_STATES } from './job';

/** Which jobs a query or a job-control request is about, as the commands' options say. */
export interface JobFilter {
  /** A user name, or 'all'. */
  user: string;
  queue: string;
  /** Jobs with a slot on this host. */
  host: string;
  /** A job name; `*` matches any run of characters. */
  jobName: string;
  states: ReadonlySet<JobState>;
  /** Finished jobs that ended before this time are no longer shown (CLEAN_PERIOD). */
  finishedAfterMs: number;
}

export const UNFINISHED: ReadonlySet<JobState> = new Set([
  'PEND',
  'PSUSP',
  'RUN',
  'SSUSP',
  'USUSP',
]);
export const ALL_STATES: ReadonlySet<JobState> = new Set([...UNFINISHED, 'DONE', 'EXIT']);

/**
 * mbatchd's jobs in memory, by id. Queries read here; the store is read only at start-up.
 * Jobs are replaced whole after each commit, never edited in place, so a reader never sees a
 * change that is not yet durable.
 */
export class JobTable {
  private readonly jobs = new Map<number, Job>();

  constructor(jobs: readonly Job[] = []) {
    jobs.forEach((job) => this.jobs.set(job.id, job));
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  /** Puts the committed version of a job in place of the old one. */
  put(job: Job): void {
    this.jobs.set(job.id, job);
  }

  get size(): number {
    return this.jobs.size;
  }

  all(): IterableIterator<Job> {
    return this.jobs.values();
  }

  pending(): Job[] {
    return [...this.jobs.values()].filter((job) => job.state === 'PEND');
  }

  /** Started jobs whose first host is `host`: the jobs that host's sbatchd runs. */
  startedOn(host: string): Job[] {
    return [...this.jobs.values()].filter(
      (job) => STARTED_STATES.has(job.state) && job.execHosts[0] === host,
    );
  }

  /** Slots taken on each host by started jobs. */
  usedSlots(): Map<string, number> {
    const used = new Map<string, number>();
    for (const job of this.jobs.values()) {
      if (STARTED_STATES.has(job.state)) {
        job.execHosts.forEach((host) => used.set(host, (used.get(host) ?? 0) + 1));
      }
    }
    return used;
  }

  select(filter: JobFilter): Job[] {
    return [...this.jobs.values()].filter((job) => matches(job, filter));
  }
}

function matches(job: Job, filter: JobFilter): boolean {
  if (!filter.states.has(job.state)) {
    return false;
  }
  if (FINISHED_STATES.has(job.state) && (job.exit?.endTimeMs ?? 0) < filter.finishedAfterMs) {
    return false;
  }
  if (filter.user !== 'all' && job.spec.user !== filter.user) {
    return false;
  }
  if (filter.queue && job.spec.queue !== filter.queue) {
    return false;
  }
  if (filter.host && !job.execHosts.includes(filter.host)) {
    return false;
  }
  return !filter.jobName || nameMatches(job.spec.jobName, filter.jobName);
}

/** `*` matches any run of characters, anywhere in the pattern (`*<uuid>*`, `prep*`). */
export function nameMatches(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) {
    return name === pattern;
  }
  const parts = pattern.split('*');
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!name.startsWith(first) || name.length < first.length + last.length) {
    return false;
  }
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0) {
      return false;
    }
    at = found + part.length;
  }
  return name.length - last.length >= at && name.endsWith(last);
}

/** The states a bjobs-style selection asks for; none of -a -d -p -r -s means unfinished. */
export function statesFor(options: {
  all: boolean;
  finished: boolean;
  pending: boolean;
  running: boolean;
  suspended: boolean;
}): ReadonlySet<JobState> {
  if (options.all) {
    return ALL_STATES;
  }
  const states = new Set<JobState>();
  if (options.finished) {
    FINISHED_STATES.forEach((state) => states.add(state));
  }
  if (options.pending) {
    PENDING_STATES.forEach((state) => states.add(state));
  }
  if (options.running) {
    states.add('RUN');
  }
  if (options.suspended) {
    ['PSUSP', 'USUSP', 'SSUSP'].forEach((state) => states.add(state as JobState));
  }
  return states.size > 0 ? states : UNFINISHED;
}
