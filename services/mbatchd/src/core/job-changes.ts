import { arrayIndexOf } from '../../../common/src/job-id';
import { Lsbe } from '../../../common/src/lsbe';
import type { HistoryEvent } from '../domain/history-event';
import { FINISHED_STATES, type Job, type JobSpec, PENDING_STATES } from '../domain/job';
import { PendReason } from '../domain/reasons';
import { dispatchOrder } from '../domain/scheduler';
import type { BatchContext } from './batch-context';
import { draft } from './job-writer';
import { checkQueueLimits, checkSubmission } from './submit';

/** The outcome for one job, with what an error is about. */
export interface JobChangeResult {
  jobId: number;
  lsbe: number;
  context: string;
}

/** The spec fields bmod may change; `undefined` in a reset means back to no value. */
export type SpecChanges = Partial<
  Pick<
    JobSpec,
    | 'command'
    | 'queue'
    | 'queueGiven'
    | 'cwd'
    | 'resReqs'
    | 'memLimitKb'
    | 'runLimitSec'
    | 'exclusive'
    | 'dependency'
    | 'beginTimeMs'
    | 'termTimeMs'
    | 'slots'
    | 'maxSlots'
    | 'askedHosts'
    | 'jobName'
    | 'project'
    | 'outputFile'
    | 'overwriteOutput'
    | 'errorFile'
    | 'overwriteError'
    | 'inputFile'
    | 'rerunnable'
  >
>;

function result(jobId: number, lsbe: number, context = ''): JobChangeResult {
  return { jobId, lsbe, context };
}

/** The checks every change shares: the job exists, is the requester's, is not finished. */
function refusal(ctx: BatchContext, job: Job | undefined, requester: string): number | null {
  if (!job) {
    return Lsbe.NO_JOB;
  }
  if (job.spec.user !== requester && !ctx.isAdmin(requester)) {
    return Lsbe.PERMISSION;
  }
  return FINISHED_STATES.has(job.state) ? Lsbe.JOB_FINISH : null;
}

/**
 * Runs `change` on a draft of each job the requester may change, one change at a time per
 * job; a job that does not exist, is someone else's or has finished gets its refusal instead.
 */
function changeEachJob(
  ctx: BatchContext,
  ids: readonly number[],
  requester: string,
  change: (job: Job) => Promise<JobChangeResult>,
): Promise<JobChangeResult[]> {
  return Promise.all(
    ids.map((id) =>
      ctx.writer.withJob(id, async () => {
        const current = ctx.jobs.get(id);
        const refused = refusal(ctx, current, requester);
        return refused === null ? change(draft(current!)) : result(id, refused);
      }),
    ),
  );
}

function event(job: Job, kind: HistoryEvent['kind'], actor: string, details: object): HistoryEvent {
  return { jobId: job.id, timeMs: Date.now(), kind, actor, reason: '', details: { ...details } };
}

/** What bmod may change of a started job: the limits its host enforces. */
const RUNNING_CHANGES: ReadonlySet<string> = new Set(['runLimitSec', 'memLimitKb']);

/**
 * bmod: changes options of pending jobs, each checked as bsub checks them; of a started job,
 * only its run and memory limits (-W, -M and their resets), which its host takes first. An
 * empty queue, job name or project stands for its default, as at submission.
 */
export async function modifyJobs(
  ctx: BatchContext,
  ids: readonly number[],
  changes: SpecChanges,
  requester: string,
): Promise<JobChangeResult[]> {
  return changeEachJob(ctx, ids, requester, async (job) => {
    const id = job.id;
    if (!PENDING_STATES.has(job.state)) {
      const limitsOnly = Object.keys(changes).every((key) => RUNNING_CHANGES.has(key));
      return limitsOnly
        ? changeRunningLimits(ctx, job, changes, requester)
        : result(id, Lsbe.JOB_MODIFY);
    }
    if ('jobName' in changes && arrayIndexOf(id) > 0) {
      return result(id, Lsbe.MOD_JOB_NAME);
    }
    const spec: JobSpec = { ...job.spec, ...changes };
    if (job.spec.jobName === job.spec.command && !('jobName' in changes)) {
      // A name the command gave follows the command (bmod -Z).
      spec.jobName = spec.command;
    }
    spec.jobName ||= spec.command;
    spec.queue ||= ctx.defaultQueue();
    spec.project ||= ctx.config.params.defaultProject;
    spec.slots = Math.max(1, spec.slots);
    const check = checkSubmission(ctx, spec, spec.queue);
    if (check) {
      return result(id, check.lsbe, check.context);
    }

    job.spec = spec;
    if (job.state === 'PEND') {
      job.pendReason = PendReason.MODIFIED;
    }
    const details = newValues(spec, changes);
    await ctx.writer.commit([{ job, events: [event(job, 'MODIFY', requester, details)] }]);
    ctx.wakeScheduler();
    return result(id, Lsbe.NO_ERROR);
  });
}

/**
 * New limits for a started job: its host enforces them from now on (the run limit still from
 * the start), and only once it has them are they recorded, so the record never claims a
 * limit the host does not apply.
 */
async function changeRunningLimits(
  ctx: BatchContext,
  job: Job,
  changes: SpecChanges,
  requester: string,
): Promise<JobChangeResult> {
  job.spec = { ...job.spec, ...changes };
  const check = checkQueueLimits(ctx, job.spec, job.spec.queue);
  if (check) {
    return result(job.id, check.lsbe, check.context);
  }

  let lsbe: number;
  try {
    lsbe = await ctx.execution.setJobLimits(job.execHosts[0], job);
  } catch {
    lsbe = Lsbe.SBD_UNREACH;
  }
  if (lsbe !== Lsbe.NO_ERROR) {
    // A host that no longer holds the attempt has seen it end.
    return result(job.id, lsbe === Lsbe.NO_JOB ? Lsbe.JOB_FINISH : lsbe);
  }

  const details = newValues(job.spec, changes);
  await ctx.writer.commit([{ job, events: [event(job, 'MODIFY', requester, details)] }]);
  return result(job.id, Lsbe.NO_ERROR);
}

/**
 * What a MODIFY event records: each changed option's value in the new spec, defaults
 * resolved, and null for one that no longer has a value (JSON would drop an undefined).
 */
function newValues(spec: JobSpec, changes: SpecChanges): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(changes) as Array<keyof SpecChanges>) {
    values[key] = spec[key] ?? null;
  }
  return values;
}

/**
 * btop / bbot: gives a pending job a place among its queue's pending jobs, counted from the
 * top or the bottom, by giving it a sort key between its new neighbours'.
 */
export async function moveJob(
  ctx: BatchContext,
  id: number,
  toBottom: boolean,
  position: number,
  requester: string,
): Promise<{ lsbe: number; position: number }> {
  return ctx.writer.withJob(id, async () => {
    const current = ctx.jobs.get(id);
    const refused = refusal(ctx, current, requester);
    if (refused !== null) {
      return { lsbe: refused, position: 0 };
    }
    if (!PENDING_STATES.has(current!.state)) {
      return { lsbe: Lsbe.JOB_STARTED, position: 0 };
    }
    const queue = current!.spec.queue;
    const others = [...ctx.jobs.all()].filter(
      (job) => PENDING_STATES.has(job.state) && job.spec.queue === queue && job.id !== id,
    );
    const ordered = dispatchOrder(others, [
      { name: queue, priority: 0, active: true, hosts: 'all' },
    ]);
    const keys = ordered.map((job) => job.sortKeyMs ?? job.spec.submitTimeMs);
    const place = Math.min(Math.max(1, position), keys.length + 1);
    const index = toBottom ? keys.length + 1 - place : place - 1;
    const before = keys[index - 1];
    const after = keys[index];
    const key =
      before === undefined
        ? (after ?? current!.spec.submitTimeMs) - 1
        : after === undefined
          ? before + 1
          : (before + after) / 2;

    const job = draft(current!);
    job.sortKeyMs = key;
    const details = { position: place, from: toBottom ? 'bottom' : 'top' };
    await ctx.writer.commit([{ job, events: [event(job, 'MOVE', requester, details)] }]);
    ctx.wakeScheduler();
    return { lsbe: Lsbe.NO_ERROR, position: place };
  });
}

/** bswitch: moves unfinished jobs to another queue that would accept them at submission. */
export async function switchJobs(
  ctx: BatchContext,
  ids: readonly number[],
  queue: string,
  requester: string,
): Promise<JobChangeResult[]> {
  return changeEachJob(ctx, ids, requester, async (job) => {
    const spec: JobSpec = { ...job.spec, queue, queueGiven: true };
    const check = checkSubmission(ctx, spec, queue);
    if (check) {
      return result(job.id, check.lsbe, check.context);
    }
    const from = job.spec.queue;
    job.spec = spec;
    if (job.state === 'PEND') {
      job.pendReason = PendReason.SWITCHED;
    }
    await ctx.writer.commit([
      { job, events: [event(job, 'SWITCH', requester, { from, to: queue })] },
    ]);
    ctx.wakeScheduler();
    return result(job.id, Lsbe.NO_ERROR);
  });
}
