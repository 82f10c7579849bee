import * as grpc from '@grpc/grpc-js';
import os from 'node:os';
import { ConfigError, type HostConfig } from '../../../../services/common/src/config';
import { MbatchdServiceClient } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { MUNGE_HEADER, MungeError, mungeCredential } from '../../../../services/common/src/munge';
import {
  securitySettings,
  type UserAuthMode,
} from '../../../../services/common/src/security-settings';
import { CommandFailure } from './command-failure';
import { channelReady, CONNECT_TIMEOUT, ConnectPatience, connectBoundMs } from './connect-patience';
import { connectToMasterLim, NoMasterLimError, type MasterLim } from './lim-client';

/** How long a command waits for mbatchd's answer (LSB_API_RECVTIMEOUT, seconds, overrides it). */
const DEFAULT_TIMEOUT_MS = 30_000;

/** LSF's words (LSBE_TIME_OUT) when mbatchd took the request and did not answer in time. */
const RECEIVE_TIMEOUT = 'Contacting batch daemon: Communication timeout';

/**
 * A restarted mbatchd is back within half a second: reconnect soon after it, not after
 * grpc-js's default backoff of 1 s growing to 2 minutes.
 */
const RECONNECT_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
};

/** Between two looks for the master lim while no lim names one. */
const MASTER_RETRY_MS = 250;

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

/**
 * Finds mbatchd on the master host (through the master lim) and returns a client for it.
 * While either daemon cannot be reached the command keeps trying, for LSB_NTRIES ×
 * LSB_API_CONNTIMEOUT seconds, as LSF's commands do through a daemon restart.
 */
export async function connectToMbatchd(config: HostConfig, command: string): Promise<Mbatchd> {
  const userAuth = userAuthMode(config, command);
  const boundMs = connectBoundMs(config);
  const { client: lim, info } = await findMasterLim(config, command, new ConnectPatience(boundMs));
  lim.close();

  const master = config.cluster.hosts.find((host) => host.name === info.hostName);
  const address = master?.address ?? info.hostName;
  const client = new MbatchdServiceClient(
    `${address}:${config.ports.mbd}`,
    grpc.credentials.createInsecure(),
    RECONNECT_OPTIONS,
  );
  const timeoutMs =
    Number(config.lsfConf.get('LSB_API_RECVTIMEOUT') ?? 0) * 1000 || DEFAULT_TIMEOUT_MS;

  return {
    client,
    async call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
      if (!(await channelReady(client, new ConnectPatience(boundMs)))) {
        throw new CommandFailure(`${command}: ${CONNECT_TIMEOUT}`);
      }
      const deadline = Date.now() + timeoutMs;
      const metadata = await userMetadata(userAuth, command);
      // waitForReady: a connection lost since the check holds the request back until mbatchd
      // is there again, instead of failing it; a request once sent is never sent again.
      const options = { deadline, waitForReady: true };
      return new Promise((resolve, reject) => {
        method.call(client, request, metadata, options, (error, reply) => {
          if (error || !reply) {
            reject(new CommandFailure(`${command}: ${callFailure(error)}`));
            return;
          }
          resolve(reply);
        });
      });
    },
    close: () => client.close(),
  };
}

/** The master lim, looked for again while no lim names one (a lim restarting, say). */
async function findMasterLim(
  config: HostConfig,
  command: string,
  patience: ConnectPatience,
): Promise<MasterLim> {
  const maxLooks = Math.ceil((patience.until - Date.now()) / MASTER_RETRY_MS) + 1;
  for (let look = 1; ; look++) {
    try {
      return await connectToMasterLim(config, command);
    } catch (error) {
      if (!(error instanceof NoMasterLimError) || patience.expired || look >= maxLooks) {
        throw error;
      }
    }
    patience.stillTrying();
    await new Promise((resolve) => setTimeout(resolve, MASTER_RETRY_MS));
  }
}

/** What the user reads when a request reached mbatchd, or may have, and got no answer. */
function callFailure(error: grpc.ServiceError | null): string {
  if (error?.code === grpc.status.UNAUTHENTICATED) {
    return error.details;
  }
  if (error?.code === grpc.status.DEADLINE_EXCEEDED) {
    return RECEIVE_TIMEOUT;
  }
  return `batch system daemon not responding: ${error?.details ?? 'no reply'}`;
}

function userAuthMode(config: HostConfig, command: string): UserAuthMode {
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
