import { ClusterConfig, ConfigError, loadClusterConfig } from '../../../common/src/config';
import { Lsbe } from '../../../common/src/lsbe';
import type { BatchContext, QueueSwitches } from './batch-context';

export type HostControl = 'open' | 'close' | 'restart';
export type QueueControl = 'open' | 'close' | 'activate' | 'inactivate';

/**
 * `badmin hopen/hclose/hrestart`: one code per host, in request order; `all` names every
 * host.
 */
export async function controlHosts(
  ctx: BatchContext,
  names: readonly string[],
  control: HostControl,
  requester: string,
): Promise<number[]> {
  const targets = names.includes('all') ? ctx.hosts.all().map((host) => host.name) : names;
  if (!ctx.isAdmin(requester)) {
    return targets.map(() => Lsbe.PERMISSION);
  }
  if (control === 'restart') {
    return Promise.all(
      targets.map((name) =>
        ctx.hostExists(name) ? restartSbatchd(ctx, name, requester) : Lsbe.BAD_HOST,
      ),
    );
  }
  const results = targets.map((name) => (ctx.hostExists(name) ? Lsbe.NO_ERROR : Lsbe.BAD_HOST));
  const changed = targets.filter((_, i) => results[i] === Lsbe.NO_ERROR);

  const closed = control === 'close';
  await ctx.store.commit({ hostStates: changed.map((name) => [name, { closed }]) });
  for (const name of changed) {
    const host = ctx.hosts.get(name)!;
    if (host.closedByAdmin !== closed) {
      host.closedByAdmin = closed;
      ctx.log.info('host control', {
        host: name,
        to: closed ? 'closed_Adm' : 'open',
        actor: requester,
      });
    }
  }
  ctx.wakeScheduler();
  return results;
}

/**
 * Asks a host's sbatchd to restart within its process; its jobs run on and it registers
 * again. A host that does not answer is reported unreachable.
 */
async function restartSbatchd(ctx: BatchContext, host: string, requester: string): Promise<number> {
  try {
    const code = await ctx.execution.restartSbatchd(host);
    ctx.log.info('sbatchd restart requested', { host, actor: requester });
    return code;
  } catch {
    return Lsbe.SBD_UNREACH;
  }
}

/** `badmin qopen/qclose/qact/qinact`: one code per queue, in request order. */
export async function controlQueues(
  ctx: BatchContext,
  names: readonly string[],
  control: QueueControl,
  requester: string,
): Promise<number[]> {
  const targets = names.includes('all') ? ctx.config.queues.map((queue) => queue.name) : names;
  if (!ctx.isAdmin(requester)) {
    return targets.map(() => Lsbe.PERMISSION);
  }
  const results = targets.map((name) => (ctx.queue(name) ? Lsbe.NO_ERROR : Lsbe.BAD_QUEUE));
  const changed = targets.filter((_, i) => results[i] === Lsbe.NO_ERROR);
  const next = new Map(changed.map((name) => [name, applyControl(ctx.switches(name), control)]));

  await ctx.store.commit({ queueStates: [...next] });
  for (const [name, switches] of next) {
    ctx.queueSwitches.set(name, switches);
    ctx.log.info('queue control', { queue: name, to: control, actor: requester });
  }
  ctx.wakeScheduler();
  return results;
}

function applyControl(current: QueueSwitches, control: QueueControl): QueueSwitches {
  switch (control) {
    case 'open':
      return { ...current, open: true };
    case 'close':
      return { ...current, open: false };
    case 'activate':
      return { ...current, active: true };
    case 'inactivate':
      return { ...current, active: false };
  }
}

/** What an administrator's reconfiguration or restart request gets. */
export interface AdminResult {
  lsbe: number;
  /** The configuration error, with file and line, when the request was refused. */
  error: string;
}

/**
 * `badmin reconfig`: reads the whole configuration again and takes it only if it is sound and
 * still has a queue for every unfinished job; jobs are never lost to a reconfiguration.
 */
export function reconfigure(ctx: BatchContext, requester: string): AdminResult {
  const checked = checkedConfig(ctx, requester);
  if (!('config' in checked)) {
    return checked;
  }

  ctx.config = checked.config;
  ctx.log.info('configuration reread', { actor: requester, files: checked.config.files.length });
  ctx.wakeScheduler();
  return { lsbe: Lsbe.NO_ERROR, error: '' };
}

/**
 * `badmin mbdrestart`: the same check as reconfig, then a restart within the process once the
 * answer is on its way: mbatchd stops serving, reads its configuration and store again and
 * takes its hosts and jobs back as after any restart.
 */
export function restartMbatchd(ctx: BatchContext, requester: string): AdminResult {
  const checked = checkedConfig(ctx, requester);
  if (!('config' in checked)) {
    return checked;
  }

  ctx.log.info('restart requested', { actor: requester });
  ctx.restart();
  return { lsbe: Lsbe.NO_ERROR, error: '' };
}

/**
 * The configuration as the files now have it, if the requester may take it and it is sound
 * and still has a queue for every unfinished job.
 */
function checkedConfig(
  ctx: BatchContext,
  requester: string,
): { config: ClusterConfig } | AdminResult {
  if (!ctx.isAdmin(requester)) {
    return { lsbe: Lsbe.PERMISSION, error: '' };
  }
  let config: ClusterConfig;
  try {
    config = loadClusterConfig(ctx.config.envDir);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    return { lsbe: Lsbe.CONF_FATAL, error: message };
  }

  const queues = new Set(config.queues.map((queue) => queue.name));
  const orphan = [...ctx.jobs.all()].find(
    (job) => !['DONE', 'EXIT'].includes(job.state) && !queues.has(job.spec.queue),
  );
  if (orphan) {
    return {
      lsbe: Lsbe.CONF_FATAL,
      error: `queue ${orphan.spec.queue} of job ${orphan.id} is gone`,
    };
  }
  return { config };
}
