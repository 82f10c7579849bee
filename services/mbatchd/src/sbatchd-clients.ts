import * as grpc from '@grpc/grpc-js';
import { unitForLimitsKb, type ClusterConfig } from '../../common/src/config';
import { arrayIdOf, arrayIndexOf } from '../../common/src/job-id';
import {
  SbatchdServiceClient,
  StartJobResponse,
} from '../../common/src/generated/lavalite/v1/sbatchd';
import type { Job } from './domain/job';
import type { ExecutionHosts, StartReply } from './core/execution-hosts';

const CALL_TIMEOUT_MS = 10_000;

/** `%J` and `%I` in output paths: the job's (or array's) id and the element index, 0 if none. */
export function expandJobPath(path: string | undefined, jobId: number): string {
  return (path ?? '')
    .replace(/%J/g, String(arrayIdOf(jobId)))
    .replace(/%I/g, String(arrayIndexOf(jobId)));
}

/**
 * The limits the host enforces: the job's own -W and -M, else the queue's default RUNLIMIT
 * and MEMLIMIT (the first of `[default] max`, or the only one), and -t.
 */
export function jobLimits(
  job: Job,
  config: ClusterConfig,
): { runLimitSec: number; memLimitKb: number; termTimeMs: number } {
  const queue = config.queues.find((candidate) => candidate.name === job.spec.queue);
  const runLimitMin = queue ? (queue.runLimitMin.default ?? queue.runLimitMin.max) : null;
  const memLimit = queue ? (queue.memLimit.default ?? queue.memLimit.max) : null;
  const unitKb = unitForLimitsKb(config.lsfConf.get('LSF_UNIT_FOR_LIMITS')) ?? 1;
  return {
    runLimitSec: job.spec.runLimitSec ?? (runLimitMin === null ? 0 : runLimitMin * 60),
    memLimitKb: job.spec.memLimitKb ?? (memLimit === null ? 0 : memLimit * unitKb),
    termTimeMs: job.spec.termTimeMs ?? 0,
  };
}

/** ExecutionHosts over gRPC: one client per execution host, made on first use. */
export class SbatchdClients implements ExecutionHosts {
  private readonly clients = new Map<string, SbatchdServiceClient>();

  constructor(
    private readonly config: () => ClusterConfig,
    private readonly terminateIntervalSec: (job: Job) => number,
    private readonly clientOptions: grpc.ClientOptions,
  ) {}

  startJob(host: string, job: Job): Promise<StartReply> {
    const spec = job.spec;
    const config = this.config();
    const request = {
      jobId: job.id,
      dispatchAttempt: job.dispatchAttempt,
      command: spec.command,
      user: spec.user,
      uid: spec.uid,
      gid: spec.gid,
      cwd: spec.cwd,
      env: spec.env,
      umask: spec.umask,
      outputFile: expandJobPath(spec.outputFile, job.id),
      overwriteOutput: spec.overwriteOutput,
      errorFile: expandJobPath(spec.errorFile, job.id),
      overwriteError: spec.overwriteError,
      inputFile: expandJobPath(spec.inputFile, job.id),
      jobName: spec.jobName,
      queue: spec.queue,
      project: spec.project,
      execHosts: job.execHosts,
      maxSlots: spec.maxSlots ?? 0,
      terminateIntervalSec: this.terminateIntervalSec(job),
      submitTimeMs: spec.submitTimeMs,
      fromHost: spec.fromHost,
      restart: job.rerun ?? false,
      arrayIndexStep: spec.arrayIndexStep ?? 0,
      arrayIndexEnd: spec.arrayIndexEnd ?? 0,
      spoolDir: config.params.jobSpoolDir,
      preExecCommand: spec.preExecCommand ?? '',
      postExecCommand: spec.postExecCommand ?? '',
      ...jobLimits(job, config),
    };
    return this.unary<StartJobResponse>(host, (client, deadline, done) =>
      client.startJob(request, new grpc.Metadata(), { deadline }, done),
    ).then(({ lsbe, pid, error, jobFault }) => ({ lsbe, pid, error, jobFault }));
  }

  signalJob(host: string, job: Job, signal: number, kill: boolean): Promise<number> {
    const request = {
      jobId: job.id,
      dispatchAttempt: job.dispatchAttempt,
      signal: kill ? 0 : signal,
      kill,
      terminateIntervalSec: this.terminateIntervalSec(job),
    };
    return this.unary<{ lsbe: number }>(host, (client, deadline, done) =>
      client.signalJob(request, new grpc.Metadata(), { deadline }, done),
    ).then((reply) => reply.lsbe);
  }

  setJobLimits(host: string, job: Job): Promise<number> {
    const request = {
      jobId: job.id,
      dispatchAttempt: job.dispatchAttempt,
      ...jobLimits(job, this.config()),
    };
    return this.unary<{ lsbe: number }>(host, (client, deadline, done) =>
      client.setJobLimits(request, new grpc.Metadata(), { deadline }, done),
    ).then((reply) => reply.lsbe);
  }

  restartSbatchd(host: string): Promise<number> {
    return this.unary<{ lsbe: number }>(host, (client, deadline, done) =>
      client.restartSbatchd({}, new grpc.Metadata(), { deadline }, done),
    ).then((reply) => reply.lsbe);
  }

  close(): void {
    this.clients.forEach((client) => client.close());
  }

  private unary<T>(
    host: string,
    send: (client: SbatchdServiceClient, deadline: number, done: grpc.requestCallback<T>) => void,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      send(this.client(host), Date.now() + CALL_TIMEOUT_MS, (error, reply) =>
        error || !reply ? reject(error ?? new Error('no reply')) : resolve(reply),
      );
    });
  }

  private client(host: string): SbatchdServiceClient {
    let client = this.clients.get(host);
    if (!client) {
      const config = this.config();
      const entry = config.cluster.hosts.find((candidate) => candidate.name === host);
      const target = `${entry?.address ?? host}:${config.ports.sbd}`;
      const credentials = grpc.credentials.createInsecure();
      client = new SbatchdServiceClient(target, credentials, this.clientOptions);
      this.clients.set(host, client);
    }
    return client;
  }
}
