import { unitForLimitsKb } from '../../../common/src/config';
import { elementJobId } from '../../../common/src/job-id';
import { Lsbe } from '../../../common/src/lsbe';
import type { QueueConfig } from '../../../common/src/config';
import { parseArraySpec } from '../domain/array-spec';
import {
  type DependencyExpr,
  DependencySyntaxError,
  dependencyTargets,
  parseDependency,
} from '../domain/dependency';
import { resolveTarget } from './dependencies';
import { parseResReqs, type ResReq } from '../domain/res-req';
import { ResReqError } from '../domain/resource-kinds';
import { queueHostNames, resourceKinds, rusageUnitKb } from './scheduling-views';
import { PendReason } from '../domain/reasons';
import type { Job, JobSpec } from '../domain/job';
import type { BatchContext } from './batch-context';

/** A submission as the server hands it over, before defaults are applied. */
export type Submission = Omit<
  JobSpec,
  'queue' | 'queueGiven' | 'jobName' | 'project' | 'submitTimeMs'
> & {
  queue: string;
  jobName: string;
  project: string;
  /** The name was not given with -J: it is never a job array. */
  defaultJobName?: boolean;
};

export interface SubmitResult {
  lsbe: number;
  jobId: number;
  queue: string;
  /** What an error is about: a queue or host name. */
  context: string;
}

/** Limits that keep one request from holding unbounded memory. */
const MAX_COMMAND_BYTES = 1024 * 1024;
const MAX_SLOTS = 100_000;

/**
 * Accepts a job: checks it, gives it the next id and commits it with its SUBMIT event before
 * answering. A refused submission changes nothing.
 */
export async function submitJob(ctx: BatchContext, submission: Submission): Promise<SubmitResult> {
  const queueName = submission.queue || ctx.defaultQueue();
  const refusal = checkSubmission(ctx, submission, queueName);
  if (refusal) {
    return { ...refusal, jobId: 0, queue: queueName };
  }
  const { defaultJobName, ...given } = submission;
  const array = defaultJobName
    ? null
    : parseArraySpec(submission.jobName, ctx.config.params.maxJobArraySize);
  if (typeof array === 'string') {
    return { lsbe: Lsbe[array], jobId: 0, queue: queueName, context: '' };
  }

  const nowMs = Date.now();
  const id = ctx.store.allocateJobIds(1);
  // The properties a Submission lacks come before the spread: V8 gives an object a map of its
  // own when a spread is followed by a new property, over a kilobyte for every job kept.
  const spec: JobSpec = {
    queueGiven: submission.queue !== '',
    submitTimeMs: nowMs,
    ...given,
    queue: queueName,
    jobName: submission.jobName || submission.command,
    project: submission.project || ctx.config.params.defaultProject,
    slots: Math.max(1, submission.slots),
    maxSlots: submission.maxSlots,
  };
  // One string for every element, as submitted: `bjobs -A` shows it.
  const arraySpec = submission.jobName.replace(/%[0-9]+$/, '');
  // Elements share the spec's values but for their names, so a large array costs little more
  // than its states (and its maps, hence the order of the properties here too).
  const jobs = array
    ? array.elements.map(({ index, step, end }) =>
        newJob(elementJobId(id, index), {
          arraySpec,
          arrayRunningLimit: array.runningLimit,
          arrayIndexStep: step,
          arrayIndexEnd: end,
          ...spec,
          jobName: `${array.name}[${index}]`,
        }),
      )
    : [newJob(id, spec)];
  const details = { queue: queueName, fromHost: spec.fromHost, cwd: spec.cwd, hold: spec.hold };
  // The event log has one JOB_NEW per array, named as submitted: the first element carries it.
  const firstDetails = array ? { ...details, arraySpec: submission.jobName } : details;
  await ctx.writer.commit(
    jobs.map((job, i) => ({
      job,
      events: [
        {
          jobId: job.id,
          timeMs: nowMs,
          kind: 'SUBMIT',
          actor: spec.user,
          to: job.state,
          reason: '',
          details: i === 0 ? firstDetails : details,
        },
      ],
    })),
  );

  ctx.wakeScheduler();
  return { lsbe: Lsbe.NO_ERROR, jobId: id, queue: queueName, context: '' };
}

function newJob(id: number, spec: JobSpec): Job {
  return {
    id,
    spec,
    state: spec.hold ? 'PSUSP' : 'PEND',
    hostUnreachable: false,
    pendReason: spec.hold ? PendReason.USER_STOP : PendReason.NEW_JOB,
    execHosts: [],
    dispatchAttempt: 0,
  };
}

/** The checks of a submission against its queue, also run when bmod or bswitch change a job. */
export function checkSubmission(
  ctx: BatchContext,
  submission: Submission,
  queueName: string,
): { lsbe: number; context: string } | null {
  if (submission.command.trim() === '') {
    return { lsbe: Lsbe.BAD_CMD, context: '' };
  }
  if (Buffer.byteLength(submission.command) > MAX_COMMAND_BYTES) {
    return { lsbe: Lsbe.BAD_ARG, context: 'command' };
  }
  const queue = ctx.queue(queueName);
  if (!queue) {
    return { lsbe: Lsbe.BAD_QUEUE, context: queueName };
  }
  if (!ctx.switches(queueName).open) {
    return { lsbe: Lsbe.QUEUE_CLOSED, context: queueName };
  }
  if (!queue.users.includes('all') && !queue.users.includes(submission.user)) {
    return { lsbe: Lsbe.QUEUE_USE, context: queueName };
  }
  if (!isSlotCount(submission.slots, 0) || !isSlotCount(submission.maxSlots, 1)) {
    return { lsbe: Lsbe.PROC_NUM, context: '' };
  }
  if (submission.maxSlots !== undefined && submission.maxSlots <= Math.max(1, submission.slots)) {
    return { lsbe: Lsbe.BAD_ARG, context: '' };
  }
  const badHost = submission.askedHosts.find((host) => !ctx.hostExists(host));
  if (badHost !== undefined) {
    return { lsbe: Lsbe.BAD_HOST, context: badHost };
  }
  return checkLimits(ctx, submission, queueName);
}

/** A whole number of slots from `least` to MAX_SLOTS; an unset maximum is fine. */
function isSlotCount(slots: number | undefined, least: number): boolean {
  return slots === undefined || (Number.isInteger(slots) && slots >= least && slots <= MAX_SLOTS);
}

/** -M and -W against the queue's hard limits (MEMLIMIT and RUNLIMIT maxima). */
export function checkQueueLimits(
  ctx: BatchContext,
  spec: Pick<Submission, 'memLimitKb' | 'runLimitSec'>,
  queueName: string,
): { lsbe: number; context: string } | null {
  const queue = ctx.queue(queueName);
  const memLimitMaxKb = queue ? queueMemLimitKb(ctx, queue.memLimit.max) : null;
  if (spec.memLimitKb && memLimitMaxKb !== null && spec.memLimitKb > memLimitMaxKb) {
    return { lsbe: Lsbe.OVER_LIMIT, context: 'MEMLIMIT' };
  }
  const runLimitMax = queue?.runLimitMin.max ?? null;
  if (spec.runLimitSec && runLimitMax !== null && spec.runLimitSec > runLimitMax * 60) {
    return { lsbe: Lsbe.OVER_LIMIT, context: 'RUNLIMIT' };
  }
  return null;
}

/** -x, -M, -W, -b and -t against each other and against the queue's hard limits. */
function checkLimits(
  ctx: BatchContext,
  submission: Submission,
  queueName: string,
): { lsbe: number; context: string } | null {
  const queue = ctx.queue(queueName)!;
  if (submission.exclusive && !queue.exclusive) {
    return { lsbe: Lsbe.EXCLUSIVE, context: queueName };
  }
  const overLimit = checkQueueLimits(ctx, submission, queueName);
  if (overLimit) {
    return overLimit;
  }
  const resources = checkResources(ctx, submission, queue);
  if (resources) {
    return resources;
  }
  const dependency = checkDependency(ctx, submission);
  if (dependency) {
    return dependency;
  }
  const { beginTimeMs, termTimeMs } = submission;
  if (beginTimeMs && termTimeMs && beginTimeMs > termTimeMs) {
    return { lsbe: Lsbe.START_TIME, context: '' };
  }
  if (termTimeMs && termTimeMs <= Date.now()) {
    return { lsbe: Lsbe.BAD_TIME, context: '' };
  }
  return null;
}

/**
 * -R must parse; and -n is refused at once when the queue's hosts could never hold it even
 * empty (all of them, or the biggest one under span[hosts=1]), which is only known once every
 * host's slot count is (from MXJ or from lim).
 */
function checkResources(
  ctx: BatchContext,
  submission: Submission,
  queue: QueueConfig,
): { lsbe: number; context: string } | null {
  let req: ResReq | null = null;
  if (submission.resReqs && submission.resReqs.length > 0) {
    try {
      req = parseResReqs(submission.resReqs, resourceKinds(ctx), rusageUnitKb(ctx));
    } catch (error) {
      if (error instanceof ResReqError) {
        return { lsbe: Lsbe.BAD_RESREQ, context: '' };
      }
      throw error;
    }
  }
  const queueHosts = queueHostNames(ctx, queue);
  const names = ctx.hosts
    .all()
    .map((host) => host.name)
    .filter((name) => queueHosts === 'all' || queueHosts.includes(name))
    .filter((name) => submission.askedHosts.length === 0 || submission.askedHosts.includes(name));
  const slots = names.map((name) => ctx.knownMaxSlots(name));
  if (names.length === 0 || slots.some((count) => count === null)) {
    return null;
  }
  const counts = slots as number[];
  const room = req?.spanOneHost ? Math.max(...counts) : counts.reduce((a, b) => a + b, 0);
  if (Math.max(1, submission.slots) > room) {
    return { lsbe: Lsbe.PROC_NUM, context: '' };
  }
  return null;
}

/** -w must parse, and each job it names must exist (by name, among the user's jobs). */
function checkDependency(
  ctx: BatchContext,
  submission: Submission,
): { lsbe: number; context: string } | null {
  const text = submission.dependency;
  if (!text) {
    return null;
  }
  let expr: DependencyExpr;
  try {
    expr = parseDependency(text);
  } catch (error) {
    if (error instanceof DependencySyntaxError) {
      return { lsbe: Lsbe.DEPEND_SYNTAX, context: text };
    }
    throw error;
  }
  const dependent = { user: submission.user, beforeArrayId: Infinity };
  const unknown = dependencyTargets(expr).find(
    (target) => resolveTarget(ctx, target, dependent).length === 0,
  );
  return unknown ? { lsbe: Lsbe.NO_JOB, context: unknown.text } : null;
}

/** A queue MEMLIMIT (in LSF_UNIT_FOR_LIMITS units) in KB; null when the queue sets none. */
export function queueMemLimitKb(ctx: BatchContext, limit: number | null): number | null {
  if (limit === null) {
    return null;
  }
  return limit * (unitForLimitsKb(ctx.config.lsfConf.get('LSF_UNIT_FOR_LIMITS')) ?? 1);
}
