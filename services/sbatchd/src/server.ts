import * as grpc from '@grpc/grpc-js';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import type { Logger } from '../../common/src/logging';
import type { SbatchdServiceServer } from '../../common/src/generated/lavalite/v1/sbatchd';
import { fromStartJobRequest, toSignalJobResponse, toStartJobResponse } from './convert';
import { refuseStart, type HostPolicy, type StartRefusal } from './domain/start-checks';
import type { JobRunner } from './job-runner';

const REFUSAL_LSBE: Record<StartRefusal['kind'], Lsbe> = {
  'bad-argument': Lsbe.LSBE_BAD_ARG,
  root: Lsbe.LSBE_ROOT,
  permission: Lsbe.LSBE_PERMISSION,
};

const MAX_SIGNAL = 31;

/**
 * Translates mbatchd's requests into calls on the job runner; no decisions are made here.
 * Refusals travel as Lsbe codes; a gRPC error means sbatchd itself failed. `restart` is
 * called once a restart request is answered.
 */
export function createSbatchdService(
  runner: JobRunner,
  policy: HostPolicy,
  log: Logger,
  restart: () => void = () => undefined,
): SbatchdServiceServer {
  const internal = (error: unknown): Partial<grpc.StatusObject> => {
    log.error('request failed', { reason: String(error), stack: (error as Error).stack });
    return { code: grpc.status.INTERNAL, details: 'sbatchd internal error' };
  };

  return {
    startJob(call, callback) {
      const spec = fromStartJobRequest(call.request);
      const refusal = refuseStart(spec, policy);
      if (refusal) {
        const fields = { job_id: spec.jobId, attempt: spec.attempt, reason: refusal.reason };
        log.warn('job start refused', fields);
        const reply = { lsbe: REFUSAL_LSBE[refusal.kind], pid: 0, error: refusal.reason };
        callback(null, { ...reply, jobFault: false });
        return;
      }
      runner.start(spec).then(
        (outcome) => callback(null, toStartJobResponse(outcome)),
        (error: unknown) => callback(internal(error)),
      );
    },

    signalJob(call, callback) {
      const { jobId, dispatchAttempt, signal, kill, terminateIntervalSec } = call.request;
      if (!kill && (signal < 1 || signal > MAX_SIGNAL)) {
        callback(null, { lsbe: Lsbe.LSBE_BAD_SIGNAL });
        return;
      }
      try {
        const outcome = kill
          ? runner.kill(jobId, dispatchAttempt, terminateIntervalSec)
          : runner.signal(jobId, dispatchAttempt, signal);
        callback(null, toSignalJobResponse(outcome));
      } catch (error) {
        callback(internal(error));
      }
    },

    setJobLimits(call, callback) {
      const { jobId, dispatchAttempt, runLimitSec, memLimitKb, termTimeMs } = call.request;
      const limits = {
        runLimitSec: runLimitSec || undefined,
        memLimitKb: memLimitKb || undefined,
        termTimeMs: termTimeMs || undefined,
      };
      try {
        const outcome = runner.setLimits(jobId, dispatchAttempt, limits);
        callback(null, toSignalJobResponse(outcome));
      } catch (error) {
        callback(internal(error));
      }
    },

    restartSbatchd(_call, callback) {
      log.info('restart requested', { actor: 'mbatchd' });
      callback(null, { lsbe: Lsbe.LSBE_NO_ERROR });
      restart();
    },
  };
}
