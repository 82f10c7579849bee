import { Lsbe } from '../../../common/src/lsbe';
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

  const nowMs = Date.now();
  const job: Job = {
    id: ctx.store.allocateJobIds(1),
    spec: {
      ...submission,
      queue: queueName,
      queueGiven: submission.queue !== '',
      jobName: submission.jobName || submission.command,
      project: submission.project || ctx.config.params.defaultProject,
      slots: Math.max(1, submission.slots),
      submitTimeMs: nowMs,
    },
    state: submission.hold ? 'PSUSP' : 'PEND',
    hostUnreachable: false,
    pendReason: submission.hold ? PendReason.USER_STOP : PendReason.NEW_JOB,
    execHosts: [],
    dispatchAttempt: 0,
  };
  const details = {
    queue: queueName,
    fromHost: job.spec.fromHost,
    cwd: job.spec.cwd,
    hold: job.spec.hold,
  };
  await ctx.writer.commit([
    {
      job,
      events: [
        {
          jobId: job.id,
          timeMs: nowMs,
          kind: 'SUBMIT',
          actor: job.spec.user,
          to: job.state,
          reason: '',
          details,
        },
      ],
    },
  ]);

  ctx.wakeScheduler();
  return { lsbe: Lsbe.NO_ERROR, jobId: job.id, queue: queueName, context: '' };
}

function checkSubmission(
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
  if (!Number.isInteger(submission.slots) || submission.slots < 0 || submission.slots > MAX_SLOTS) {
    return { lsbe: Lsbe.PROC_NUM, context: '' };
  }
  const badHost = submission.askedHosts.find((host) => !ctx.hostExists(host));
  if (badHost !== undefined) {
    return { lsbe: Lsbe.BAD_HOST, context: badHost };
  }
  return null;
}
