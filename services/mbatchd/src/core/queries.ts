import { Lsbe } from '../../../common/src/lsbe';
import { batchHostStatus } from '../domain/host-book';
import type { HistoryEvent } from '../domain/history-event';
import type { Job } from '../domain/job';
import { FINISHED_STATES } from '../domain/job';
import { ALL_STATES, JobFilter, JobTable, statesFor } from '../domain/job-table';
import { listOrder } from '../domain/list-order';
import type { BatchContext } from './batch-context';

/** A job selection as the commands send it. */
export interface Selection {
  jobIds: number[];
  user: string;
  queue: string;
  host: string;
  jobName: string;
  all: boolean;
  finished: boolean;
  pending: boolean;
  running: boolean;
  suspended: boolean;
}

export interface JobsAnswer {
  lsbe: number;
  context: string;
  jobs: Job[];
  missingJobIds: number[];
}

/**
 * The jobs a selection names: explicit ids of any user (selectByIds), or the filters'
 * matches in bjobs' order (listOrder).
 */
export function selectJobs(ctx: BatchContext, selection: Selection, requester: string): JobsAnswer {
  if (selection.jobIds.length > 0) {
    return selectByIds(ctx.jobs, selection);
  }
  if (selection.queue && !ctx.queue(selection.queue)) {
    return { lsbe: Lsbe.BAD_QUEUE, context: selection.queue, jobs: [], missingJobIds: [] };
  }
  if (selection.host && !ctx.hostExists(selection.host)) {
    return { lsbe: Lsbe.BAD_HOST, context: selection.host, jobs: [], missingJobIds: [] };
  }

  const filter: JobFilter = {
    user: selection.user || requester,
    queue: selection.queue,
    host: selection.host,
    jobName: selection.jobName,
    states: statesFor(selection),
    finishedAfterMs: Date.now() - ctx.config.params.cleanPeriodSec * 1000,
  };
  return {
    lsbe: Lsbe.NO_ERROR,
    context: '',
    jobs: inListOrder(ctx, ctx.jobs.select(filter)),
    missingJobIds: [],
  };
}

/**
 * The jobs explicit ids name, in any state unless -d, -p, -r or -s narrows them: an array's
 * own id stands for each of its elements in those states. An id naming none is missing.
 */
export function selectByIds(jobs: JobTable, selection: Selection): JobsAnswer {
  const { finished, pending, running, suspended } = selection;
  const states = finished || pending || running || suspended ? statesFor(selection) : ALL_STATES;
  const found: Job[] = [];
  const missingJobIds: number[] = [];
  for (const id of selection.jobIds) {
    const job = jobs.get(id);
    const named = (job ? [job] : jobs.elementsOf(id)).filter((each) => states.has(each.state));
    if (named.length === 0) {
      missingJobIds.push(id);
    }
    found.push(...named);
  }
  return { lsbe: Lsbe.NO_ERROR, context: '', jobs: found, missingJobIds };
}

/**
 * bjobs forgets a finished job CLEAN_PERIOD seconds after its end, even when asked by id:
 * the job then counts as missing. Its history stays for bhist and bacct.
 */
export function withoutCleanedJobs(ctx: BatchContext, answer: JobsAnswer): JobsAnswer {
  const cleanedBeforeMs = Date.now() - ctx.config.params.cleanPeriodSec * 1000;
  const cleaned = (job: Job): boolean =>
    FINISHED_STATES.has(job.state) && (job.exit?.endTimeMs ?? 0) < cleanedBeforeMs;
  const gone = answer.jobs.filter(cleaned).map((job) => job.id);
  if (gone.length === 0) {
    return answer;
  }
  return {
    ...answer,
    jobs: answer.jobs.filter((job) => !cleaned(job)),
    missingJobIds: [...answer.missingJobIds, ...gone],
  };
}

/**
 * The jobs a job-control command acts on when given filters and no job id: the newest
 * matching job only, as in LSF, or every one of them with job id 0 (`allMatching`).
 */
export function filterTargets(jobs: readonly Job[], allMatching: boolean): Job[] {
  return allMatching ? [...jobs] : [...jobs].sort((a, b) => b.id - a.id).slice(0, 1);
}

/** Ids as given, an array's own id standing for each of its elements; unknown ids stay. */
export function expandJobIds(ctx: BatchContext, ids: readonly number[]): number[] {
  return ids.flatMap((id) => {
    const elements = ctx.jobs.get(id) ? [] : ctx.jobs.elementsOf(id);
    return elements.length > 0 ? elements.map((job) => job.id) : [id];
  });
}

function inListOrder(ctx: BatchContext, jobs: Job[]): Job[] {
  const queues = ctx.config.queues.map((queue) => ({
    name: queue.name,
    priority: queue.priority,
    active: true,
    hosts: 'all' as const,
  }));
  return listOrder(jobs, queues);
}

export function jobHistory(ctx: BatchContext, jobs: readonly Job[]): HistoryEvent[] {
  const byJob = ctx.store.historyForJobs(jobs.map((job) => job.id));
  return jobs.flatMap((job) => byJob.get(job.id) ?? []);
}

export interface HostRow {
  name: string;
  status: string;
  maxSlots: number;
  numJobs: number;
  numRun: number;
  numSsusp: number;
  numUsusp: number;
  userJobLimit: number;
}

export function listHosts(
  ctx: BatchContext,
  names: readonly string[],
): { lsbe: number; context: string; hosts: HostRow[] } {
  const unknown = names.find((name) => !ctx.hostExists(name));
  if (unknown !== undefined) {
    return { lsbe: Lsbe.BAD_HOST, context: unknown, hosts: [] };
  }
  const counts = countByHost(ctx);
  const exclusive = new Set(
    ctx.jobs
      .started()
      .filter((job) => job.spec.exclusive)
      .flatMap((job) => job.execHosts),
  );
  const selected = ctx.hosts
    .all()
    .filter((host) => names.length === 0 || names.includes(host.name));
  const hosts = selected.map((host) => {
    const count = counts.get(host.name) ?? { run: 0, ssusp: 0, ususp: 0 };
    const used = count.run + count.ssusp + count.ususp;
    const maxSlots = ctx.maxSlots(host.name);
    const status = batchHostStatus(host, used, maxSlots);
    return {
      name: host.name,
      // A host an exclusive (-x) job holds takes nothing else, which LSF shows so.
      status: status === 'ok' && exclusive.has(host.name) ? 'closed_Excl' : status,
      maxSlots,
      numJobs: used,
      numRun: count.run,
      numSsusp: count.ssusp,
      numUsusp: count.ususp,
      userJobLimit: 0,
    };
  });
  return { lsbe: Lsbe.NO_ERROR, context: '', hosts };
}

/** Slots by state on each host; a parallel job counts once per slot, as in bhosts. */
function countByHost(
  ctx: BatchContext,
): Map<string, { run: number; ssusp: number; ususp: number }> {
  const counts = new Map<string, { run: number; ssusp: number; ususp: number }>();
  for (const job of ctx.jobs.all()) {
    const key =
      job.state === 'RUN'
        ? 'run'
        : job.state === 'SSUSP'
          ? 'ssusp'
          : job.state === 'USUSP'
            ? 'ususp'
            : null;
    if (!key) {
      continue;
    }
    for (const host of job.execHosts) {
      const count = counts.get(host) ?? { run: 0, ssusp: 0, ususp: 0 };
      count[key] += 1;
      counts.set(host, count);
    }
  }
  return counts;
}

export interface Counters {
  numJobs: number;
  numPend: number;
  numRun: number;
  numSsusp: number;
  numUsusp: number;
}

/** Slot counters of the jobs that match, as bqueues and busers show them. */
export function countJobs(jobs: Iterable<Job>, matches: (job: Job) => boolean): Counters {
  const counters: Counters = { numJobs: 0, numPend: 0, numRun: 0, numSsusp: 0, numUsusp: 0 };
  for (const job of jobs) {
    if (!matches(job)) {
      continue;
    }
    // A started job holds what it was given, which `-n min,max` leaves open until dispatch.
    const slots = job.execHosts.length || job.spec.slots;
    if (job.state === 'PEND' || job.state === 'PSUSP') {
      counters.numPend += slots;
    } else if (job.state === 'RUN') {
      counters.numRun += slots;
    } else if (job.state === 'SSUSP') {
      counters.numSsusp += slots;
    } else if (job.state === 'USUSP') {
      counters.numUsusp += slots;
    } else {
      continue;
    }
    counters.numJobs += slots;
  }
  return counters;
}
