import * as grpc from '@grpc/grpc-js';
import {
  ClusterAuth,
  REPLY_HEADER,
  REQUEST_HEADER,
  type DaemonRole,
  type SignedRequest,
} from './cluster-auth';
import type { Logger } from './logging';

/** gRPC methods that only a daemon of the cluster may call, and the daemon each accepts. */
export type DaemonOnlyMethods = ReadonlyMap<string, DaemonRole>;

/**
 * The client side of ClusterAuth, for every client a daemon makes: each call is signed, and
 * its reply is taken only when it proves that a daemon of the cluster sent it; any other reply
 * ends the call with UNAUTHENTICATED, so a stranger cannot pose as a lim, mbatchd or sbatchd.
 */
export function clusterClientInterceptor(auth: ClusterAuth): grpc.Interceptor {
  return (options, nextCall) => {
    const method = options.method_definition.path;
    const unary = !options.method_definition.responseStream;
    const sent = auth.sign(method);
    const details = `reply to ${method} is not from a daemon of this cluster`;
    let proven = false;
    const call: grpc.InterceptingCall = new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        metadata.set(REQUEST_HEADER, sent.header);
        next(metadata, {
          // Each step must be passed on, or grpc-js holds the call's status back for good:
          // an unproven reply is cancelled first, so what follows is the cancel's status.
          onReceiveMetadata(received, nextMetadata) {
            proven = auth.replyMatches(method, sent, firstText(received.get(REPLY_HEADER)));
            if (!proven) {
              call.cancelWithStatus(grpc.status.UNAUTHENTICATED, details);
            }
            nextMetadata(received);
          },
          onReceiveMessage(message, nextMessage) {
            // A unary reply's message is dropped by grpc-js itself when the status is an
            // error; a stream's would reach the caller's data handler, so it goes nowhere.
            if (proven || unary) {
              nextMessage(message);
            }
          },
          onReceiveStatus(status, nextStatus) {
            if (proven || status.code !== grpc.status.OK) {
              nextStatus(status);
              return;
            }
            nextStatus({ ...status, code: grpc.status.UNAUTHENTICATED, details });
          },
        });
      },
    });
    return call;
  };
}

/** Client options that sign every call of a daemon's client. */
export function daemonClientOptions(auth: ClusterAuth): grpc.ClientOptions {
  return { interceptors: [clusterClientInterceptor(auth)] };
}

/**
 * The server side: a signed request is verified whatever its method (a bad signature is never
 * ignored) and its reply carries the proof; a daemon-only method refuses a request that is not
 * signed by the daemon it accepts. Unsigned calls of the other methods (the commands') pass.
 */
export function clusterServerInterceptor(
  auth: ClusterAuth,
  daemonOnly: DaemonOnlyMethods,
  log: Logger,
): grpc.ServerInterceptor {
  return (descriptor, call) => {
    const method = descriptor.path;
    let signed: SignedRequest | null = null;
    const refuse = (reason: string): void => {
      log.warn('cluster request refused', { method, peer: call.getPeer(), reason });
      call.sendStatus({
        code: grpc.status.UNAUTHENTICATED,
        details: reason,
        metadata: new grpc.Metadata(),
      });
    };

    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            const header = firstText(metadata.get(REQUEST_HEADER));
            const required = daemonOnly.get(method);
            if (header === undefined && required === undefined) {
              nextMetadata(metadata);
              return;
            }
            const verdict = auth.verify(method, header);
            if (!verdict.ok) {
              refuse(verdict.reason);
            } else if (required !== undefined && verdict.request.role !== required) {
              refuse(`${method} accepts requests of ${required} only`);
            } else {
              signed = verdict.request;
              nextMetadata(metadata);
            }
          },
        });
      },
      sendMetadata(metadata, next) {
        if (signed) {
          metadata.set(REPLY_HEADER, auth.replyProof(method, signed));
        }
        next(metadata);
      },
    });
  };
}

function firstText(values: grpc.MetadataValue[]): string | undefined {
  const value = values[0];
  return typeof value === 'string' ? value : undefined;
}
