import * as grpc from '@grpc/grpc-js';
import os from 'node:os';
import type { ClusterConfig } from '../../../../services/common/src/config';
import { MbatchdServiceClient } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { CommandFailure } from './command-failure';
import { connectToMasterLim } from './lim-client';

/** How long a command waits for mbatchd (LSB_API_RECVTIMEOUT, seconds, overrides it). */
const DEFAULT_TIMEOUT_MS = 30_000;

export interface Mbatchd {
  client: MbatchdServiceClient;
  /** Calls a unary method; a transport failure becomes LSF's "batch system" failure. */
  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res>;
  close(): void;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => unknown;

/** The text LSF prints when mbatchd cannot be reached. */
export const MBATCHD_DOWN = 'batch system daemon not responding ... still trying';

/**
 * Finds mbatchd on the master host (through the master lim) and returns a client for it.
 */
export async function connectToMbatchd(config: ClusterConfig, command: string): Promise<Mbatchd> {
  const { client: lim, info } = await connectToMasterLim(config, command);
  lim.close();

  const master = config.cluster.hosts.find((host) => host.name === info.hostName);
  const address = master?.address ?? info.hostName;
  const client = new MbatchdServiceClient(
    `${address}:${config.ports.mbd}`,
    grpc.credentials.createInsecure(),
  );
  const timeoutMs =
    Number(config.lsfConf.get('LSB_API_RECVTIMEOUT') ?? 0) * 1000 || DEFAULT_TIMEOUT_MS;

  return {
    client,
    call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        method.call(client, request, new grpc.Metadata(), { deadline }, (error, reply) => {
          if (error || !reply) {
            reject(
              new CommandFailure(`${command}: ${MBATCHD_DOWN}: ${error?.details ?? 'no reply'}`),
            );
            return;
          }
          resolve(reply);
        });
      });
    },
    close: () => client.close(),
  };
}

/** The calling user, who owns what the command submits or asks about. */
export function currentUser(): { name: string; uid: number; gid: number } {
  const info = os.userInfo();
  return { name: info.username, uid: info.uid, gid: info.gid };
}
