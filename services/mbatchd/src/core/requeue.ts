import { Lsbe } from '../../../common/src/lsbe';
import type { HistoryEvent } from '../domain/history-event';
import { FINISHED_STATES, type Job } from '../domain/job';
import { transition } from '../domain/job-state';
import { PendReason, TermReason } from '../domain/reasons';
import { decideRequeue, type RequeueKinds } from '../domain/requeue-policy';
import type { BatchContext } from './batch-context';
import type { JobChangeResult } from './job-changes';
import { signalJob } from './job-control';
import { draft, stateEvent } from './job-writer';
import { filterTargets, type Selection, selectJobs } from './queries';

/** The answer to one brequeue: a code for the request, and one result per job. */
export interface RequeueAnswer {
  /** LSBE_NO_JOB with no results when the filters matched nothing, or why they were refused. */
  lsbe: number;
  /** What a refusal of the filters is about. */
  context: string;
  results: JobChangeResult[];
}

/**
 * brequeue on what the user named: the ids given, or without them the newest job the filters
 * match (every one with job id 0, `allMatching`).
 */
export async function requeueRequested(
  ctx: BatchContext,
  selection: Selection,
  allMatching: boolean,
  hold: boolean,
  kinds: RequeueKinds,
  requester: string,
): Promise<RequeueAnswer> {
  let ids = selection.jobIds;
  if (ids.length === 0) {
    const answer = selectJobs(ctx, selection, requester);
    if (answer.lsbe !== Lsbe.NO_ERROR) {
      return { lsbe: answer.lsbe, context: answer.context, results: [] };
    }
    ids = filterTargets(answer.jobs, allMatching).map((job) => job.id);
  }
  if (ids.length === 0) {
    return { lsbe: Lsbe.NO_JOB, context: '', results: [] };
  }
  const results = await requeueJobs(ctx, ids, hold, kinds, requester);
  return { lsbe: Lsbe.NO_ERROR, context: '', results };
}

/**
 * brequeue: a started job is killed and, once its host reports the end, goes back to PEND
 * (PSUSP with -H) under the same id; a finished job asked for by `kinds` goes back at once.
 * Either way the earlier run stays in the job's history.
 */
async function requeueJobs(
  ctx: BatchContext,
  ids: readonly number[],
  hold: boolean,
  kinds: RequeueKinds,
  requester: string,
): Promise<JobChangeResult[]> {
  const results: JobChangeResult[] = [];
  for (const id of ids) {
    let lsbe = await ctx.writer.withJob(id, () => markOne(ctx, id, hold, kinds, requester));
    if (lsbe === 'kill') {
      const killed = await signalJob(ctx, id, 'kill-to-requeue', 0, requester);
      // A job that ended meanwhile went back to pending all the same.
      lsbe = killed === Lsbe.JOB_FINISH ? Lsbe.NO_ERROR : killed;
    }
    results.push({ jobId: id, lsbe, context: '' });
  }
  return results;
}

/** Records the request on one job; a started job is then to be killed, outside its lock. */
async function markOne(
  ctx: BatchContext,
  id: number,
  hold: boolean,
  kinds: RequeueKinds,
  requester: string,
): Promise<number | 'kill'> {
  const current = ctx.jobs.get(id);
  if (!current || isCleaned(ctx, current)) {
    return Lsbe.NO_JOB;
  }
  if (current.spec.user !== requester && !ctx.isAdmin(requester)) {
    return Lsbe.PERMISSION;
  }
  const decision = decideRequeue(current, kinds);
  if (decision.kind === 'refuse') {
    return decision.lsbe;
  }

  const job = draft(current);
  const reason = job.spec.user === requester ? TermReason.REQUEUE_OWNER : TermReason.REQUEUE_ADMIN;
  job.requeue = { hold, reason };
  const marked: HistoryEvent = {
    jobId: id,
    timeMs: Date.now(),
    kind: 'REQUEUE',
    actor: requester,
    reason: '',
    details: { hold },
  };
  if (decision.kind === 'kill') {
    await ctx.writer.commit([{ job, events: [marked] }]);
    return 'kill';
  }
  const events = [marked, ...requeuedUpdate(job, Date.now(), requester)];
  await ctx.writer.commit([{ job, events }]);
  ctx.wakeScheduler();
  return Lsbe.NO_ERROR;
}

/** bjobs forgets a job CLEAN_PERIOD after its end; brequeue does not bring it back. */
function isCleaned(ctx: BatchContext, job: Job): boolean {
  const cleanedBeforeMs = Date.now() - ctx.config.params.cleanPeriodSec * 1000;
  return FINISHED_STATES.has(job.state) && (job.exit?.endTimeMs ?? 0) < cleanedBeforeMs;
}

/** How a run that brequeue killed ended, for the history. */
export interface EndedRun {
  exitCode?: number;
  signal?: number;
  /** Absent when the job itself never ran. */
  cpuTimeSec?: number;
  /** The status of the pre-exec command that failed instead of the job running. */
  preExecExitCode?: number;
}

/**
 * The update that ends a requeued job's run: back to PEND, or PEND then PSUSP with -H, with
 * nothing left of the run but its history, which tells how the run ended when it had one.
 */
export function requeuedUpdate(
  job: Job,
  timeMs: number,
  actor: string,
  run?: EndedRun,
  pendReason: string = PendReason.REQUEUED,
): HistoryEvent[] {
  const { hold, reason } = job.requeue!;
  const back = transition(job, 'PEND', reason);
  const events = [stateEvent(back, 'REQUEUE', actor, timeMs, run && { ...run })];
  if (hold) {
    const held = transition(job, 'PSUSP', PendReason.USER_STOP);
    events.push(stateEvent(held, 'STATE', actor, timeMs));
  }
  job.requeue = undefined;
  job.execHosts = [];
  job.startTimeMs = undefined;
  job.pid = undefined;
  job.exit = undefined;
  job.termReason = undefined;
  job.hostUnreachable = false;
  job.pendReason = hold ? PendReason.USER_STOP : pendReason;
  return events;
}
