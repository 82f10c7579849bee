import * as grpc from '@grpc/grpc-js';
import type { HostConfig } from '../../../../services/common/src/config';
import {
  GetClusterInfoResponse,
  LimServiceClient,
} from '../../../../services/common/src/generated/lavalite/v1/lim';
import { CommandFailure } from './command-failure';

const LIM_ANSWER_TIMEOUT_MS = 3000;

export interface MasterLim {
  client: LimServiceClient;
  info: GetClusterInfoResponse;
}

/** LSF's words when no lim knows a master. */
export const NO_MASTER_MESSAGE = 'Cannot locate master LIM now, try later';

/** No lim answered with a master: they may all be down, or restarting. */
export class NoMasterLimError extends CommandFailure {
  constructor(command: string, exitCode?: number) {
    super(`${command}: ${NO_MASTER_MESSAGE}`, exitCode);
    this.name = 'NoMasterLimError';
  }
}

/**
 * Finds the master lim: asks every host's lim at once and takes the master's own answer, or
 * failing that the master that another lim names.
 */
export async function connectToMasterLim(
  config: HostConfig,
  command: string,
  failureExit?: number,
): Promise<MasterLim> {
  const clients = new Map(
    config.cluster.hosts.map((host) => [host.name, limClient(config, host.address ?? host.name)]),
  );
  const answers = await askAll(clients);
  const master = answers.find((answer) => answer.isMaster);
  const named = master ?? answers.find((answer) => answer.masterName !== '');

  for (const [name, client] of clients) {
    if (name !== named?.masterName) {
      client.close();
    }
  }
  if (!named || !clients.has(named.masterName)) {
    throw new NoMasterLimError(command, failureExit);
  }
  const info = master ?? { ...named, hostName: named.masterName, isMaster: true };
  return { client: clients.get(named.masterName)!, info };
}

export function limClient(config: HostConfig, address: string): LimServiceClient {
  return new LimServiceClient(`${address}:${config.ports.lim}`, grpc.credentials.createInsecure());
}

/** Resolves as soon as a master answers, or when every lim has answered or timed out. */
function askAll(clients: Map<string, LimServiceClient>): Promise<GetClusterInfoResponse[]> {
  const deadline = Date.now() + LIM_ANSWER_TIMEOUT_MS;
  const answers: GetClusterInfoResponse[] = [];
  let pending = clients.size;
  return new Promise((resolve) => {
    if (pending === 0) {
      resolve(answers);
    }
    for (const client of clients.values()) {
      client.getClusterInfo({}, new grpc.Metadata(), { deadline }, (error, reply) => {
        pending -= 1;
        if (!error && reply) {
          answers.push(reply);
        }
        if (pending === 0 || reply?.isMaster) {
          resolve(answers);
        }
      });
    }
  });
}

/** Calls a unary method as a promise; a transport failure becomes the command's failure. */
export function call<Req, Res>(
  method: (
    request: Req,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    cb: grpc.requestCallback<Res>,
  ) => unknown,
  request: Req,
  command: string,
  failureExit?: number,
): Promise<Res> {
  const deadline = Date.now() + LIM_ANSWER_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    method(request, new grpc.Metadata(), { deadline }, (error, reply) => {
      if (error || !reply) {
        reject(new CommandFailure(`${command}: ${NO_MASTER_MESSAGE}`, failureExit));
        return;
      }
      resolve(reply);
    });
  });
}
