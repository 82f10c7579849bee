import * as grpc from '@grpc/grpc-js';
import os from 'node:os';
import { ConfigError, type ClusterConfig } from '../../../../services/common/src/config';
import { MbatchdServiceClient } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { MUNGE_HEADER, MungeError, mungeCredential } from '../../../../services/common/src/munge';
import {
  securitySettings,
  type UserAuthMode,
} from '../../../../services/common/src/security-settings';
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
  const userAuth = userAuthMode(config, command);
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
    async call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
      const deadline = Date.now() + timeoutMs;
      const metadata = await userMetadata(userAuth, command);
      return new Promise((resolve, reject) => {
        method.call(client, request, metadata, { deadline }, (error, reply) => {
          if (error?.code === grpc.status.UNAUTHENTICATED) {
            reject(new CommandFailure(`${command}: ${error.details}`));
            return;
          }
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

function userAuthMode(config: ClusterConfig, command: string): UserAuthMode {
  try {
    return securitySettings(config).userAuth;
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : String(error);
    throw new CommandFailure(`${command}: cannot read the configuration: ${reason}`);
  }
}

/**
 * Proves the calling user to mbatchd: a fresh MUNGE credential for each request (munged
 * refuses one that is used twice); nothing with LSF_AUTH=trust.
 */
async function userMetadata(mode: UserAuthMode, command: string): Promise<grpc.Metadata> {
  const metadata = new grpc.Metadata();
  if (mode === 'munge') {
    try {
      metadata.set(MUNGE_HEADER, await mungeCredential());
    } catch (error) {
      const reason = error instanceof MungeError ? error.message : String(error);
      throw new CommandFailure(`${command}: ${reason}`);
    }
  }
  return metadata;
}

/**
 * The calling user as the request's payload names it. mbatchd believes it only with
 * LSF_AUTH=trust; otherwise the MUNGE credential says who the user is.
 */
export function currentUser(): { name: string; uid: number; gid: number } {
  const info = os.userInfo();
  return { name: info.username, uid: info.uid, gid: info.gid };
}
