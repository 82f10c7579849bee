import { arrayIdOf, arrayIndexOf } from '../../../common/src/job-id';
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
  /** Ids of PEND jobs and of started jobs, kept with every put, so a pass reads only them. */
  private readonly pendingIds = new Set<number>();
  private readonly startedIds = new Set<number>();
  /** Element ids of each job array, by the array's id. */
  private readonly arrays = new Map<number, Set<number>>();
  /** Ids by job name, an element under its array's name (`sim` for `sim[3]`). */
  private readonly names = new Map<string, Set<number>>();

  constructor(jobs: readonly Job[] = []) {
    jobs.forEach((job) => this.put(job));
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  /** Puts the committed version of a job in place of the old one. */
  put(job: Job): void {
    if (!this.jobs.has(job.id) && arrayIndexOf(job.id) > 0) {
      const elements = this.arrays.get(arrayIdOf(job.id)) ?? new Set<number>();
      elements.add(job.id);
      this.arrays.set(arrayIdOf(job.id), elements);
    }
    const before = this.jobs.get(job.id);
    if (before?.spec.jobName !== job.spec.jobName) {
      if (before) {
        this.names.get(baseName(before.spec.jobName))?.delete(job.id);
      }
      const ids = this.names.get(baseName(job.spec.jobName)) ?? new Set<number>();
      ids.add(job.id);
      this.names.set(baseName(job.spec.jobName), ids);
    }
    this.jobs.set(job.id, job);
    setMember(this.pendingIds, job.id, job.state === 'PEND');
    setMember(this.startedIds, job.id, STARTED_STATES.has(job.state));
  }

  get size(): number {
    return this.jobs.size;
  }

  all(): IterableIterator<Job> {
    return this.jobs.values();
  }

  /** The elements of the array with this id, by index; empty when it is no array. */
  elementsOf(arrayId: number): Job[] {
    const ids = [...(this.arrays.get(arrayId) ?? [])].sort((a, b) => a - b);
    return ids.map((id) => this.jobs.get(id)!);
  }

  /** Jobs whose name, or whose array's name, is `name`; a trailing `*` matches any suffix. */
  named(name: string): Job[] {
    const ids = name.endsWith('*')
      ? [...this.names].flatMap(([key, set]) => (key.startsWith(name.slice(0, -1)) ? [...set] : []))
      : [...(this.names.get(name) ?? [])];
    return ids.map((id) => this.jobs.get(id)!);
  }

  pending(): Job[] {
    return [...this.pendingIds].map((id) => this.jobs.get(id)!);
  }

  /** Jobs in RUN, SSUSP or USUSP. */
  started(): Job[] {
    return [...this.startedIds].map((id) => this.jobs.get(id)!);
  }

  /** Started jobs whose first host is `host`: the jobs that host's sbatchd runs. */
  startedOn(host: string): Job[] {
    return this.started().filter((job) => job.execHosts[0] === host);
  }

  /** Slots taken on each host by started jobs. */
  usedSlots(): Map<string, number> {
    const used = new Map<string, number>();
    for (const job of this.started()) {
      job.execHosts.forEach((host) => used.set(host, (used.get(host) ?? 0) + 1));
    }
    return used;
  }

  select(filter: JobFilter): Job[] {
    return [...this.jobs.values()].filter((job) => matches(job, filter));
  }
}

/** An element's name without its index: `sim` for `sim[3]`. */
function baseName(name: string): string {
  return /^(.*)\[[0-9]+\]$/.exec(name)?.[1] ?? name;
}

function setMember(set: Set<number>, id: number, member: boolean): void {
  if (member) {
    set.add(id);
  } else {
    set.delete(id);
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

/**
 * `*` matches any run of characters, anywhere in the pattern (`*<uuid>*`, `prep*`); `-J sim`
 * also matches the elements `sim[1]`, `sim[2]`... of the array sim.
 */
export function nameMatches(name: string, pattern: string): boolean {
  if (pattern.includes('*')) {
    return globMatches(name, pattern);
  }
  return name === pattern || (!pattern.includes('[') && name.split('[')[0] === pattern);
}

function globMatches(name: string, pattern: string): boolean {
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
