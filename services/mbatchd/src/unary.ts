import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';

/**
 * Wraps a unary handler: its typed reply goes back as is, and anything it throws becomes
 * INTERNAL with a generic message (logged with its stack), so internals never reach a client
 * and gRPC status codes keep meaning transport or internal failure only.
 */
export function runUnary<Req, Res>(
  log: Logger,
  method: string,
  handle: (request: Req) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handle(call.request).then(
      (reply) => callback(null, reply),
      (error: Error) => {
        log.error('request failed', { method, reason: error.message, stack: error.stack });
        callback({ code: grpc.status.INTERNAL, details: 'internal error in mbatchd' });
      },
    );
  };
}
