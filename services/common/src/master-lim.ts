import * as grpc from '@grpc/grpc-js';
import type { HostConfig } from './config';
import { LimServiceClient } from './generated/lavalite/v1/lim';

/** The master lim's host and the address its daemons bind. */
export interface MasterHost {
  name: string;
  address: string;
}

/**
 * Asks every host's lim who the master is and answers with the first master named, or null
 * when no lim answers within the timeout. Daemons pass their signing client options, so that
 * only the answers of the cluster's own lims count.
 */
export async function findMasterHost(
  config: HostConfig,
  timeoutMs: number,
  clientOptions: grpc.ClientOptions,
): Promise<MasterHost | null> {
  const deadline = Date.now() + timeoutMs;
  const clients = config.cluster.hosts.map(
    (host) =>
      new LimServiceClient(
        `${host.address ?? host.name}:${config.ports.lim}`,
        grpc.credentials.createInsecure(),
        clientOptions,
      ),
  );
  const names = await Promise.all(
    clients.map(
      (client) =>
        new Promise<string>((resolve) =>
          client.getClusterInfo({}, new grpc.Metadata(), { deadline }, (error, reply) =>
            resolve(error || !reply ? '' : reply.masterName),
          ),
        ),
    ),
  );
  clients.forEach((client) => client.close());

  const master = names.find((name) => name !== '');
  const host = config.cluster.hosts.find((entry) => entry.name === master);
  return host ? { name: host.name, address: host.address ?? host.name } : null;
}

/** Exponential backoff with full jitter, so that many daemons never retry in step. */
export function backoffMs(attempt: number, maxMs: number, baseMs = 200): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
