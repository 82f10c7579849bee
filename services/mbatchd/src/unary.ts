import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import type { Requester, UserAuthenticator } from './user-auth';

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

/**
 * A unary handler of a command's request: it runs only once the user is authenticated, and
 * gets that user; a request whose user cannot be proven ends with UNAUTHENTICATED and its
 * reason, and changes nothing. `claimed` is the user the payload names, used only when
 * LSF_AUTH=trust.
 */
export function runUserUnary<Req, Res>(
  log: Logger,
  method: string,
  users: UserAuthenticator,
  claimed: (request: Req) => Requester,
  handle: (request: Req, user: Requester) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const work = async (): Promise<Res | null> => {
      const identity = await users.identify(call.metadata, claimed(call.request));
      if (!identity.ok) {
        log.warn('request refused', { method, peer: call.getPeer(), reason: identity.reason });
        const details = `user authentication failed: ${identity.reason}`;
        callback({ code: grpc.status.UNAUTHENTICATED, details });
        return null;
      }
      return handle(call.request, identity.user);
    };
    work().then(
      (reply) => reply !== null && callback(null, reply),
      (error: Error) => {
        log.error('request failed', { method, reason: error.message, stack: error.stack });
        callback({ code: grpc.status.INTERNAL, details: 'internal error in mbatchd' });
      },
    );
  };
}
