import * as grpc from '@grpc/grpc-js';
import type { ClusterConfig } from '../../common/src/config';
import { cpuFactorOf } from '../../common/src/config';
import { HostInfo, LoadThresholds } from '../../common/src/generated/lavalite/v1/host';
import {
  GetLoadResponse,
  LimResult,
  LimServiceServer,
  ListHostsResponse,
  ReportLoadRequest,
  ReportLoadResponse,
  WatchHostStatusRequest,
  WatchHostStatusResponse,
} from '../../common/src/generated/lavalite/v1/lim';
import { PRODUCT_BANNER } from '../../common/src/version';
import type { Logger } from '../../common/src/logging';
import type { HostRecord } from './domain/host-table';
import { fromHostInfo, fromLoadIndices, toHostLoad } from './convert';
import type { LimNode } from './lim-node';

/** Host types as LSF names them, from Node's architecture names. */
const TYPE_BY_ARCH: Record<string, string> = { x64: 'X86_64', arm64: 'AARCH64', ppc64: 'PPC64' };

/** Translates lim requests into calls on the node; no decisions are made here. */
export function createLimService(
  node: LimNode,
  config: ClusterConfig,
  log: Logger,
): LimServiceServer {
  const hostNames = config.cluster.hosts.map((host) => host.name);

  return {
    getClusterInfo(_call, callback) {
      callback(null, {
        clusterName: config.clusterName,
        masterName: node.masterName,
        hostName: node.self,
        isMaster: node.role === 'master',
        version: PRODUCT_BANNER,
        masterSinceMs: node.masterSinceMs,
      });
    },

    listHosts(call, callback) {
      const selected = selectHosts(call.request.hostNames, hostNames);
      const refusal = refuse(node, selected.bad);
      if (refusal) {
        callback(null, { ...ListHostsResponse.create(), ...refusal });
        return;
      }
      const records = new Map(node.hostTable!.list().map((record) => [record.name, record]));
      const hosts = selected.names.map((name) => hostInfo(config, name, records.get(name)));
      const thresholds = selected.names.map((name) => hostThresholds(config, name));
      callback(null, {
        ...ListHostsResponse.create(),
        result: LimResult.LIM_RESULT_OK,
        hosts,
        thresholds,
      });
    },

    getLoad(call, callback) {
      const selected = selectHosts(call.request.hostNames, hostNames);
      const refusal = refuse(node, selected.bad);
      if (refusal) {
        callback(null, { ...GetLoadResponse.create(), ...refusal });
        return;
      }
      const records = new Map(node.hostTable!.list().map((record) => [record.name, record]));
      const hosts = selected.names.map((name) => toHostLoad(records.get(name)!));
      callback(null, { ...GetLoadResponse.create(), result: LimResult.LIM_RESULT_OK, hosts });
    },

    reportLoad(call) {
      call.on('data', (request: ReportLoadRequest) => {
        const result = node.acceptReport(
          request.hostName,
          fromHostInfo(request.info),
          fromLoadIndices(request.load),
        );
        const reply: ReportLoadResponse = { result, masterName: node.masterName };
        call.write(reply);
      });
      call.on('end', () => call.end());
      call.on('error', (error) =>
        log.debug('load report stream closed', { reason: error.message }),
      );
    },

    watchHostStatus(
      call: grpc.ServerWritableStream<WatchHostStatusRequest, WatchHostStatusResponse>,
    ) {
      if (node.role !== 'master' || !node.hostTable) {
        call.write(notMasterReply(node.masterName));
        call.end();
        return;
      }
      call.write({
        result: LimResult.LIM_RESULT_OK,
        snapshot: true,
        hosts: node.hostTable.list().map(toHostLoad),
        masterName: node.masterName,
      });
      const unwatch = node.watch({
        changed: (hosts: readonly HostRecord[]) =>
          call.write({
            result: LimResult.LIM_RESULT_OK,
            snapshot: false,
            hosts: hosts.map(toHostLoad),
            masterName: node.masterName,
          }),
        lostMastership: (master: string) => {
          call.write(notMasterReply(master));
          call.end();
        },
      });
      call.on('cancelled', unwatch);
      call.on('error', unwatch);
    },
  };
}

function notMasterReply(master: string): WatchHostStatusResponse {
  return {
    result: LimResult.LIM_RESULT_NOT_MASTER,
    snapshot: false,
    hosts: [],
    masterName: master,
  };
}

/** Matches requested names to the cluster file's names, ignoring case as LSF does. */
function selectHosts(requested: string[], known: string[]): { names: string[]; bad: string[] } {
  if (requested.length === 0) {
    return { names: known, bad: [] };
  }
  const byLowerName = new Map(known.map((name) => [name.toLowerCase(), name]));
  const names: string[] = [];
  const bad: string[] = [];
  for (const name of requested) {
    const match = byLowerName.get(name.toLowerCase());
    if (match) {
      names.push(match);
    } else {
      bad.push(name);
    }
  }
  return { names, bad };
}

function refuse(
  node: LimNode,
  bad: string[],
): { result: LimResult; masterName: string; badHostNames: string[] } | null {
  if (node.role !== 'master' || !node.hostTable) {
    return {
      result: LimResult.LIM_RESULT_NOT_MASTER,
      masterName: node.masterName,
      badHostNames: [],
    };
  }
  if (bad.length > 0) {
    return {
      result: LimResult.LIM_RESULT_BAD_HOST,
      masterName: node.masterName,
      badHostNames: bad,
    };
  }
  return null;
}

function hostInfo(config: ClusterConfig, name: string, record: HostRecord | undefined): HostInfo {
  const host = config.cluster.hosts.find((entry) => entry.name === name)!;
  const facts = record?.facts;
  const type = host.type ?? (facts ? (TYPE_BY_ARCH[facts.arch] ?? facts.arch.toUpperCase()) : '');
  const model = host.model ?? type;
  return {
    name,
    address: host.address ?? '',
    type,
    model,
    cpuFactor: cpuFactorOf(config, model),
    ncpus: facts?.ncpus ?? 0,
    maxMemMb: facts?.maxMemMb ?? 0,
    maxSwapMb: facts?.maxSwapMb ?? 0,
    maxTmpMb: facts?.maxTmpMb ?? 0,
    server: host.server,
    resources: [...host.resources],
    reported: Boolean(facts),
  };
}

function hostThresholds(config: ClusterConfig, name: string): LoadThresholds {
  const host = config.cluster.hosts.find((entry) => entry.name === name)!;
  return { ...host.thresholds };
}
