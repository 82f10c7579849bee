import {
  HostInfo,
  HostLoad,
  HostStatus,
  LoadIndices,
} from '../../common/src/generated/lavalite/v1/host';
import type { HostRecord, HostStatus as DomainHostStatus } from './domain/host-table';
import type { HostFacts, Load } from './domain/load';

const STATUS_TO_PROTO: Record<DomainHostStatus, HostStatus> = {
  ok: HostStatus.HOST_STATUS_OK,
  busy: HostStatus.HOST_STATUS_BUSY,
  unavail: HostStatus.HOST_STATUS_UNAVAIL,
};

/** The measured facts a slave sends with its load; the master adds the cluster file's part. */
export function toHostInfo(name: string, facts: HostFacts): HostInfo {
  return {
    ...HostInfo.create({ name }),
    type: facts.arch,
    ncpus: facts.ncpus,
    maxMemMb: facts.maxMemMb,
    maxSwapMb: facts.maxSwapMb,
    maxTmpMb: facts.maxTmpMb,
    reported: true,
  };
}

export function fromHostInfo(info: HostInfo | undefined): HostFacts {
  return {
    ncpus: info?.ncpus ?? 0,
    maxMemMb: info?.maxMemMb ?? 0,
    maxSwapMb: info?.maxSwapMb ?? 0,
    maxTmpMb: info?.maxTmpMb ?? 0,
    arch: info?.type ?? '',
  };
}

export function toLoadIndices(load: Load): LoadIndices {
  return { ...load };
}

export function fromLoadIndices(load: LoadIndices | undefined): Load | null {
  return load ? { ...load } : null;
}

export function toHostLoad(record: HostRecord): HostLoad {
  return {
    name: record.name,
    status: STATUS_TO_PROTO[record.status],
    load: record.load ? toLoadIndices(record.load) : undefined,
    busyIndices: [...record.busyIndices],
    reportedAtMs: record.lastReportMs,
  };
}
