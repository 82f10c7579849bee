import * as grpc from '@grpc/grpc-js';
import { DaemonExit, handleShutdown, prepareDaemon, resolveAddress } from '../../common/src/daemon';
import { LimServiceClient, LimServiceService } from '../../common/src/generated/lavalite/v1/lim';
import { daemonClientOptions } from '../../common/src/cluster-auth-grpc';
import { startGrpcServer, stopGrpcServer } from '../../common/src/grpc-server';
import { LimNode } from './lim-node';
import { LoadSampler } from './load-sampler';
import { createLimService } from './server';

async function main(): Promise<void> {
  const { config, host, address, log, auth } = await prepareDaemon('lim', process.argv.slice(2));
  const clientOptions = daemonClientOptions(auth);
  const port = config.ports.lim;

  const peers = new Map<string, LimServiceClient>();
  for (const peer of config.cluster.hosts) {
    if (peer.name !== host.name) {
      const peerAddress = await resolveAddress(peer);
      const credentials = grpc.credentials.createInsecure();
      peers.set(
        peer.name,
        new LimServiceClient(`${peerAddress}:${port}`, credentials, clientOptions),
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
  // Only a lim of the cluster may report load; a report makes the reporter a host of the
  // master's table, and answering one is how a master keeps its slaves. The host-status watch
  // is mbatchd's: each one holds a stream open, which strangers must not pile up.
  const daemonOnly = new Map([
    ['/lavalite.v1.LimService/ReportLoad', 'lim' as const],
    ['/lavalite.v1.LimService/WatchHostStatus', 'mbatchd' as const],
  ]);
  const serverSecurity = { auth, daemonOnly, log };
  const bound = startGrpcServer(address, port, [service], serverSecurity);
  const { server } = await bound.catch((error: Error) => {
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
