import fs from 'node:fs';
import path from 'node:path';
import { DaemonExit, prepareDaemon, type DaemonContext } from '../../common/src/daemon';
import { runRestartable, type DaemonLife } from '../../common/src/daemon-restart';
import {
  SbatchdServiceService,
  type SbatchdServiceServer,
} from '../../common/src/generated/lavalite/v1/sbatchd';
import type { Logger } from '../../common/src/logging';
import { daemonClientOptions } from '../../common/src/cluster-auth-grpc';
import { startGrpcServer, stopGrpcServer } from '../../common/src/grpc-server';
import { findMasterHost } from '../../common/src/master-lim';
import { JobRunner } from './job-runner';
import { MbatchdLink } from './mbatchd-link';
import { createSbatchdService } from './server';
import { resolveWorkDir } from './work-dir';

/** Built by shepherd/build.sh beside the compiled sources (dist/services/sbatchd/shepherd). */
const SHEPHERD_PATH = path.resolve(__dirname, '../shepherd/lavalite-shepherd');
const MASTER_LOOKUP_TIMEOUT_MS = 3000;

async function main(): Promise<void> {
  const daemon = await prepareDaemon('sbatchd', process.argv.slice(2));
  try {
    fs.accessSync(SHEPHERD_PATH, fs.constants.X_OK);
  } catch {
    const reason = 'not built or not executable';
    daemon.log.error('job shepherd missing', { path: SHEPHERD_PATH, reason });
    process.exit(DaemonExit.STARTUP);
  }
  runRestartable(daemon, startSbatchd);
}

async function startSbatchd(daemon: DaemonContext, restart: () => void): Promise<DaemonLife> {
  const { config, host, address, log, security, auth } = daemon;
  const clientOptions = daemonClientOptions(auth);
  const { params, ports } = config;
  const workDir = resolveWorkDir(config, host.name);

  // The runner reports what it finds in the work directory at once, before the link is up;
  // those reports wait in the outbox and go out when the link registers.
  let link: MbatchdLink | null = null;
  let runner: JobRunner;
  try {
    runner = JobRunner.open({
      workDir,
      shepherdPath: SHEPHERD_PATH,
      site: { hostName: host.name, clusterName: config.clusterName, envDir: config.envDir },
      defaultTerminateIntervalSec: params.jobTerminateIntervalSec,
      onReport: (report) => link?.send(report),
      log,
    });
  } catch (error) {
    const reason = (error as Error).message;
    log.error('cannot open the work directory', { path: workDir, reason });
    process.exit(DaemonExit.STARTUP);
  }

  const policy = { euid: process.geteuid?.() ?? 0, rootJobs: security.rootJobs };
  const implementation = injectFaults(createSbatchdService(runner, policy, log, restart), log);
  const services = [
    { name: 'lavalite.v1.SbatchdService', definition: SbatchdServiceService, implementation },
  ];
  const daemonOnly = new Map([
    ['/lavalite.v1.SbatchdService/StartJob', 'mbatchd' as const],
    ['/lavalite.v1.SbatchdService/SignalJob', 'mbatchd' as const],
    ['/lavalite.v1.SbatchdService/RestartSbatchd', 'mbatchd' as const],
    ['/lavalite.v1.SbatchdService/SetJobLimits', 'mbatchd' as const],
  ]);
  const serverSecurity = { auth, daemonOnly, log };
  const bound = startGrpcServer(address, ports.sbd, services, serverSecurity);
  const { server } = await bound.catch((error: Error) => {
    log.error('cannot bind', { address, port: ports.sbd, reason: error.message });
    process.exit(DaemonExit.STARTUP);
  });

  link = new MbatchdLink({
    hostName: host.name,
    source: runner,
    findMaster: () => findMasterHost(config, MASTER_LOOKUP_TIMEOUT_MS, clientOptions),
    clientOptions,
    mbdPort: ports.mbd,
    heartbeatIntervalMs: params.sbdHeartbeatIntervalSec * 1000,
    heartbeatMissCount: params.sbdHeartbeatMissCount,
    backoffMaxMs: params.reconnectBackoffMaxSec * 1000,
    log,
  });
  link.start();
  log.info('sbatchd started', { address, port: ports.sbd, work_dir: workDir });

  // Running jobs are left alone: they live on under their shepherds, and the next sbatchd
  // re-adopts them.
  return {
    config: () => config,
    async stop() {
      link?.stop();
      runner.close();
      await stopGrpcServer(server);
    },
  };
}

/**
 * LAVALITE_FAULT=drop-first-start makes sbatchd lose the first start request it receives: it
 * neither starts the job nor answers, as if the message never arrived while the stream to
 * mbatchd stayed up. The tests use it to prove that mbatchd sends the start again.
 */
function injectFaults(service: SbatchdServiceServer, log: Logger): SbatchdServiceServer {
  if (process.env.LAVALITE_FAULT !== 'drop-first-start') {
    return service;
  }
  log.warn('fault injection armed', { reason: 'drop-first-start' });
  let dropped = false;
  return {
    ...service,
    startJob(call, callback) {
      if (dropped) {
        service.startJob(call, callback);
        return;
      }
      dropped = true;
      const { jobId, dispatchAttempt } = call.request;
      log.warn('fault injected: start dropped', { job_id: jobId, attempt: dispatchAttempt });
    },
  };
}

void main();
