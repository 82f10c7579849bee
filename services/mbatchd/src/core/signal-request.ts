import { Lsbe } from '../../../common/src/lsbe';
import { arrayOutcome } from '../domain/array-outcome';
import type { BatchContext } from './batch-context';
import { type SignalAction, signalJob } from './job-control';
import { filterTargets, type Selection, selectJobs } from './queries';

/** The answer to one bkill, bstop or bresume: a code for the request, and one per target. */
export interface SignalAnswer {
  /** LSBE_NO_JOB with no results when the filters matched nothing. */
  lsbe: number;
  results: Array<{ jobId: number; lsbe: number }>;
}

/**
 * Carries out a job-control request on what the user named: each id typed, an array's own id
 * answered once for the whole array as LSF does; or, without ids, the newest job the filters
 * match (every one with job id 0, `allMatching`), each answered on its own.
 */
export async function signalRequested(
  ctx: BatchContext,
  selection: Selection,
  allMatching: boolean,
  action: SignalAction,
  signal: number,
  requester: string,
): Promise<SignalAnswer> {
  let ids = selection.jobIds;
  let act = signalJobOrArray;
  if (ids.length === 0) {
    const answer = selectJobs(ctx, selection, requester);
    if (answer.lsbe !== Lsbe.NO_ERROR) {
      return { lsbe: answer.lsbe, results: [] };
    }
    ids = filterTargets(answer.jobs, allMatching).map((job) => job.id);
    act = signalJob;
  }
  if (ids.length === 0) {
    return { lsbe: Lsbe.NO_JOB, results: [] };
  }

  const codes = await Promise.all(ids.map((id) => act(ctx, id, action, signal, requester)));
  return { lsbe: Lsbe.NO_ERROR, results: ids.map((jobId, i) => ({ jobId, lsbe: codes[i] })) };
}

/** An id as the user typed it: an array's own id reaches every element and is answered once. */
async function signalJobOrArray(
  ctx: BatchContext,
  jobId: number,
  action: SignalAction,
  signal: number,
  requester: string,
): Promise<number> {
  if (ctx.jobs.get(jobId)) {
    return signalJob(ctx, jobId, action, signal, requester);
  }
  const elements = ctx.jobs.elementsOf(jobId);
  const codes = await Promise.all(
    elements.map((job) => signalJob(ctx, job.id, action, signal, requester)),
  );
  return arrayOutcome(codes);
}
