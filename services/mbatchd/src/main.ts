import fs from 'node:fs';
import path from 'node:path';
import { DaemonExit, prepareDaemon, type DaemonContext } from '../../common/src/daemon';
import { runRestartable, type DaemonLife } from '../../common/src/daemon-restart';
import type { Logger } from '../../common/src/logging';
import { MbatchdServiceService } from '../../common/src/generated/lavalite/v1/mbatchd';
import { daemonClientOptions } from '../../common/src/cluster-auth-grpc';
import { startGrpcServer, stopGrpcServer } from '../../common/src/grpc-server';
import { JobStore } from './domain/store';
import { BatchContext } from './core/batch-context';
import { Dispatcher } from './core/dispatcher';
import { EventLogWriter } from './core/event-log';
import { HostSessions } from './core/host-sessions';
import { LimWatch } from './lim-watch';
import { SbatchdClients } from './sbatchd-clients';
import { createMbatchdService } from './server';

async function main(): Promise<void> {
  runRestartable(await prepareDaemon('mbatchd', process.argv.slice(2)), startMbatchd);
}

async function startMbatchd(daemon: DaemonContext, restart: () => void): Promise<DaemonLife> {
  const { config, host, address, log, security, auth } = daemon;
  const clientOptions = daemonClientOptions(auth);
  const shareDir = config.shareDir ?? path.join(config.envDir, '..', 'work');
  const storeDir = path.join(shareDir, config.clusterName, 'logdir');
  // Users read lsb.events here, as in LSF; the store's files are mbatchd's only.
  fs.mkdirSync(storeDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(storeDir, 0o755);

  const startedMs = Date.now();
  const store = JobStore.open(path.join(storeDir, 'mbatchd.db'));
  const loaded = store.loadAll();
  let ctx: BatchContext;
  const execution = new SbatchdClients(
    () => ctx.config,
    (job) =>
      ctx.queue(job.spec.queue)?.jobTerminateIntervalSec ??
      ctx.config.params.jobTerminateIntervalSec,
    clientOptions,
  );
  ctx = new BatchContext(config, store, execution, log, loaded);
  ctx.restart = restart;
  injectFaults(ctx, log);
  const eventLog = new EventLogWriter(
    path.join(storeDir, 'lsb.events'),
    store,
    (id) => ctx.jobs.get(id),
    log,
  );
  eventLog.open(host.name, config.clusterName, ctx.hosts.all().length, config.queues.length);
  log.info('store loaded', {
    jobs: loaded.jobs.length,
    next_job_id: loaded.nextJobId,
    ms: Date.now() - startedMs,
  });

  const dispatcher = new Dispatcher(ctx);
  const sessions = new HostSessions(ctx);
  const limWatch = new LimWatch(
    () => ctx.config,
    ctx.hosts,
    () => dispatcher.wake(),
    log,
    clientOptions,
  );
  const service = {
    name: 'lavalite.v1.MbatchdService',
    definition: MbatchdServiceService,
    implementation: createMbatchdService(ctx, sessions, log, security),
  };
  const daemonOnly = new Map([['/lavalite.v1.MbatchdService/SbatchdChannel', 'sbatchd' as const]]);
  const serverSecurity = { auth, daemonOnly, log };
  const { server } = await startGrpcServer(
    address,
    config.ports.mbd,
    [service],
    serverSecurity,
  ).catch((error: Error) => {
    log.error('cannot bind', { address, port: config.ports.mbd, reason: error.message });
    process.exit(DaemonExit.STARTUP);
  });

  limWatch.start();
  sessions.start();
  dispatcher.start();
  log.info('mbatchd started', { host: host.name, address, port: config.ports.mbd });
  return {
    config: () => ctx.config,
    async stop() {
      dispatcher.stop();
      sessions.stop();
      limWatch.stop();
      await stopGrpcServer(server);
      execution.close();
      eventLog.close(host.name);
      store.close();
    },
  };
}

/**
 * LAVALITE_FAULT=crash-after-dispatch makes mbatchd die (SIGKILL, no cleanup) right after it
 * recorded its first dispatch decision and before it asks the host to start the job: the
 * tests use it to prove that a restarted mbatchd runs such a job exactly once.
 */
function injectFaults(ctx: BatchContext, log: Logger): void {
  if (process.env.LAVALITE_FAULT !== 'crash-after-dispatch') {
    return;
  }
  log.warn('fault injection armed', { reason: 'crash-after-dispatch' });
  ctx.afterDispatchRecorded = (job) => {
    log.warn('fault injected: crash after dispatch', { job_id: job.id, host: job.execHosts[0] });
    process.kill(process.pid, 'SIGKILL');
  };
}

void main();
