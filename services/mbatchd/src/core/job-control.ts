import { Lsbe } from '../../../common/src/lsbe';
import { Signal, signalName } from '../../../common/src/signals';
import type { HistoryEvent } from '../domain/history-event';
import { type Job, STARTED_STATES } from '../domain/job';
import { transition } from '../domain/job-state';
import { decideSignal, SignalDecision } from '../domain/signal-policy';
import { TermReason } from '../domain/reasons';
import type { BatchContext } from './batch-context';
import { draft, stateEvent } from './job-writer';

/**
 * What a bkill, bstop or bresume asks for: `force-kill` is bkill -r, `kill-as-done` bkill -d.
 * `kill-to-requeue` is brequeue's kill of a run, whose request the history has already.
 */
export type SignalAction =
  'kill' | 'stop' | 'resume' | 'signal' | 'force-kill' | 'kill-as-done' | 'kill-to-requeue';

const SIGNAL_OF_ACTION: Record<Exclude<SignalAction, 'signal'>, number> = {
  kill: Signal.KILL,
  stop: Signal.STOP,
  resume: Signal.CONT,
  'force-kill': Signal.KILL,
  'kill-as-done': Signal.KILL,
  'kill-to-requeue': Signal.KILL,
};

/**
 * Carries out one job-control request on one job and answers its LSBE code. The change is
 * durable before the answer; a request that changes nothing records nothing.
 */
export function signalJob(
  ctx: BatchContext,
  jobId: number,
  action: SignalAction,
  requestedSignal: number,
  requester: string,
): Promise<number> {
  return ctx.writer.withJob(jobId, async () => {
    const job = ctx.jobs.get(jobId);
    if (!job) {
      return Lsbe.NO_JOB;
    }
    const isAdmin = ctx.isAdmin(requester);
    if (job.spec.user !== requester && !isAdmin) {
      return Lsbe.PERMISSION;
    }
    const signal = action === 'signal' ? requestedSignal : SIGNAL_OF_ACTION[action];
    const actor = job.spec.user === requester ? 'owner' : 'admin';
    const decision = decideSignal(job, signal, actor);
    if (action === 'force-kill' && decision.kind !== 'refuse') {
      return forceKill(ctx, job, requester);
    }
    return carryOut(ctx, job, decision, signal, requester, action);
  });
}

async function carryOut(
  ctx: BatchContext,
  job: Job,
  decision: SignalDecision,
  signal: number,
  requester: string,
  action: SignalAction,
): Promise<number> {
  switch (decision.kind) {
    case 'refuse':
      return decision.lsbe;
    case 'noop':
      return Lsbe.NO_ERROR;
    case 'transition':
      await moveWithoutHost(ctx, job, decision.to, decision.reason, signal, requester);
      return Lsbe.NO_ERROR;
    case 'deliver':
      return deliver(ctx, job, decision, signal, requester, action);
  }
}

/**
 * bkill -r: the job is EXIT at once (TERM_FORCE_OWNER or TERM_FORCE_ADMIN) and its slots are
 * free, whether or not its host answers; the host is asked to kill the run all the same. What
 * the host reports of that run later changes nothing, and a run it still holds is killed when
 * it reports it (HostSessions).
 */
async function forceKill(ctx: BatchContext, current: Job, requester: string): Promise<number> {
  const reason = current.spec.user === requester ? TermReason.FORCE_OWNER : TermReason.FORCE_ADMIN;
  const job = draft(current);
  const nowMs = Date.now();
  const change = transition(job, 'EXIT', reason);
  job.termReason = reason;
  job.exit = { cpuTimeSec: 0, maxMemKb: 0, endTimeMs: nowMs };
  job.pendReason = '';
  job.hostUnreachable = false;
  job.requeue = undefined;
  const events: HistoryEvent[] = [
    signalEvent(job, Signal.KILL, requester, nowMs),
    stateEvent(change, 'FINISH', requester, nowMs, { forced: true }),
  ];
  await ctx.writer.commit([{ job, events }]);

  if (STARTED_STATES.has(current.state)) {
    void killBestEffort(ctx, current);
  }
  ctx.wakeScheduler();
  return Lsbe.NO_ERROR;
}

/** Asks the run's host to kill it, once a start on its way has arrived; failure is no error. */
async function killBestEffort(ctx: BatchContext, run: Job): Promise<void> {
  const host = run.execHosts[0];
  await ctx.startsInFlight.get(run.id);
  try {
    await ctx.execution.signalJob(host, run, Signal.KILL, true);
  } catch (error) {
    const fields = { job_id: run.id, host, reason: (error as Error).message };
    ctx.log.debug('kill of a removed job not delivered', fields);
  }
}

/** Hold, release or cancel a job that runs nowhere. */
async function moveWithoutHost(
  ctx: BatchContext,
  current: Job,
  to: Job['state'],
  reason: string,
  signal: number,
  requester: string,
): Promise<void> {
  const job = draft(current);
  const nowMs = Date.now();
  const change = transition(job, to, reason);
  if (to === 'EXIT') {
    job.termReason = reason;
    job.exit = { cpuTimeSec: 0, maxMemKb: 0, endTimeMs: nowMs };
    job.pendReason = '';
  } else {
    job.pendReason = to === 'PSUSP' ? reason : '';
  }
  const events: HistoryEvent[] = [
    signalEvent(job, signal, requester, nowMs),
    to === 'EXIT'
      ? stateEvent(change, 'FINISH', requester, nowMs, { cpuTimeSec: 0, termReason: reason })
      : stateEvent(change, 'STATE', requester, nowMs),
  ];
  await ctx.writer.commit([{ job, events }]);
  if (to === 'PEND') {
    ctx.wakeScheduler();
  }
}

/** Sends the signal through the job's sbatchd; a stop or resume then changes the state. */
async function deliver(
  ctx: BatchContext,
  current: Job,
  decision: Extract<SignalDecision, { kind: 'deliver' }>,
  signal: number,
  requester: string,
  action: SignalAction,
): Promise<number> {
  const host = current.execHosts[0];
  if (!ctx.hosts.get(host)?.sbatchdLive || current.hostUnreachable) {
    return Lsbe.SBD_UNREACH;
  }
  const kill = signal === Signal.KILL;
  // A job dispatched a moment ago may not have reached its host yet: the signal follows it.
  await ctx.startsInFlight.get(current.id);
  let lsbe: number;
  try {
    lsbe = await ctx.execution.signalJob(host, current, decision.signal, kill);
  } catch {
    return Lsbe.SBD_UNREACH;
  }
  if (lsbe !== Lsbe.NO_ERROR) {
    return lsbe;
  }

  if (action === 'kill-to-requeue') {
    return Lsbe.NO_ERROR;
  }
  const job = draft(current);
  const nowMs = Date.now();
  const events = [signalEvent(job, signal, requester, nowMs)];
  if (decision.then) {
    const change = transition(job, decision.then, decision.reason);
    events.push(stateEvent(change, 'STATE', requester, nowMs));
  }
  if (action === 'kill-as-done') {
    job.doneWhenKilled = true;
  } else if (kill) {
    job.termReason = job.spec.user === requester ? TermReason.OWNER : TermReason.ADMIN;
  }
  await ctx.writer.commit([{ job, events }]);
  return Lsbe.NO_ERROR;
}

function signalEvent(job: Job, signal: number, requester: string, timeMs: number): HistoryEvent {
  return {
    jobId: job.id,
    timeMs,
    kind: 'SIGNAL',
    actor: requester,
    reason: '',
    details: { signal: signalName(signal) ?? String(signal) },
  };
}
