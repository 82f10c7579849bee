import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import type { SbatchdServiceServer } from '../../common/src/generated/lavalite/v1/sbatchd';
import { fromStartJobRequest, toSignalJobResponse, toStartJobResponse } from './convert';
import type { JobRunner } from './job-runner';

/**
 * Translates mbatchd's requests into calls on the job runner; no decisions are made here.
 * Refusals travel as Lsbe codes; a gRPC error means sbatchd itself failed.
 */
export function createSbatchdService(runner: JobRunner, log: Logger): SbatchdServiceServer {
  const internal = (error: unknown): Partial<grpc.StatusObject> => {
    log.error('request failed', { reason: String(error), stack: (error as Error).stack });
    return { code: grpc.status.INTERNAL, details: 'sbatchd internal error' };
  };

  return {
    startJob(call, callback) {
      runner.start(fromStartJobRequest(call.request)).then(
        (outcome) => callback(null, toStartJobResponse(outcome)),
        (error: unknown) => callback(internal(error)),
      );
    },

    signalJob(call, callback) {
      const { jobId, dispatchAttempt, signal, kill, terminateIntervalSec } = call.request;
      try {
        const outcome = kill
          ? runner.kill(jobId, dispatchAttempt, terminateIntervalSec)
          : runner.signal(jobId, dispatchAttempt, signal);
        callback(null, toSignalJobResponse(outcome));
      } catch (error) {
        callback(internal(error));
      }
    },
  };
}
