import * as grpc from '@grpc/grpc-js';
import { DaemonExit, handleShutdown, prepareDaemon, resolveAddress } from '../../common/src/daemon';
import { LimServiceClient, LimServiceService } from '../../common/src/generated/lavalite/v1/lim';
import { startGrpcServer, stopGrpcServer } from '../../common/src/grpc-server';
import { LimNode } from './lim-node';
import { LoadSampler } from './load-sampler';
import { createLimService } from './server';

async function main(): Promise<void> {
  const { config, host, address, log } = await prepareDaemon('lim', process.argv.slice(2));
  const port = config.ports.lim;

  const peers = new Map<string, LimServiceClient>();
  for (const peer of config.cluster.hosts) {
    if (peer.name !== host.name) {
      const peerAddress = await resolveAddress(peer);
      peers.set(
        peer.name,
        new LimServiceClient(`${peerAddress}:${port}`, grpc.credentials.createInsecure()),
      );
    }
  }

  const node = new LimNode({
    self: host.name,
    candidates: config.masterList,
    hosts: config.cluster.hosts.map((entry) => ({
      name: entry.name,
      thresholds: entry.thresholds,
    })),
    peers,
    exchangeIntervalMs: config.limTiming.exchangeIntervalSec * 1000,
    hostInactivityLimit: config.limTiming.hostInactivityLimit,
    sampler: new LoadSampler(),
    log,
  });
  const service = {
    name: 'lavalite.v1.LimService',
    definition: LimServiceService,
    implementation: createLimService(node, config, log),
  };
  const { server } = await startGrpcServer(address, port, [service]).catch((error: Error) => {
    log.error('cannot bind', { address, port, reason: error.message });
    process.exit(DaemonExit.STARTUP);
  });

  node.start();
  log.info('lim started', { cluster: config.clusterName, address, port });
  handleShutdown(log, async () => {
    node.stop();
    peers.forEach((client) => client.close());
    await stopGrpcServer(server);
  });
}

void main();
