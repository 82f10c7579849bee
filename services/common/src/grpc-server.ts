import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ClusterAuth } from './cluster-auth';
import { clusterServerInterceptor, type DaemonOnlyMethods } from './cluster-auth-grpc';
import { addLazyReflection } from './lazy-reflection';
import type { Logger } from './logging';

/**
 * The compiled descriptor set of every LavaLite proto, written by `buf build` beside the built
 * code (dist/lavalite.binpb). Descriptors compiled by buf resolve every import the way
 * reflection clients expect, which descriptors rebuilt from .proto text at run time do not.
 */
export const DESCRIPTOR_SET = path.resolve(__dirname, '../../../lavalite.binpb');

export interface ServiceBinding {
  /** Fully qualified service name, e.g. lavalite.v1.LimService, offered through reflection. */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

/** How a daemon's server tells the cluster's daemons from everyone else. */
export interface ServerSecurity {
  auth: ClusterAuth;
  /** Methods only the named daemon may call, by gRPC path. */
  daemonOnly: DaemonOnlyMethods;
  log: Logger;
}

/**
 * The largest message a daemon takes or sends. The biggest legitimate one is a submission with
 * its environment (bounded well below this by mbatchd's own checks) or a long job list.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** A started server and the address it bound. */
export interface BoundServer {
  server: grpc.Server;
  port: number;
}

/**
 * Starts a gRPC server on one address with the given services and server reflection over every
 * LavaLite proto, so that `buf curl` and grpcurl can list and call any method. Every call
 * passes the cluster authentication check of `security` first.
 */
export async function startGrpcServer(
  address: string,
  port: number,
  services: ServiceBinding[],
  security: ServerSecurity,
): Promise<BoundServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    // A client may open only so many streams at once on one connection.
    'grpc.max_concurrent_streams': 1000,
    interceptors: [clusterServerInterceptor(security.auth, security.daemonOnly, security.log)],
  });
  for (const service of services) {
    server.addService(service.definition, service.implementation);
  }
  const served = services.map((service) => service.name);
  addLazyReflection(server, DESCRIPTOR_SET, served);

  const target = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return { server, port: boundPort };
}

/** Lets in-flight calls finish for a moment, then cuts the rest. */
export async function stopGrpcServer(server: grpc.Server, graceMs = 1000): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
