import { DECREASING_INDICES, HostFacts, Load, LoadIndexName, LOAD_INDEX_NAMES } from './load';

export type HostStatus = 'ok' | 'busy' | 'unavail';

/** A host of the cluster file with its busy thresholds. */
export interface HostEntry {
  name: string;
  thresholds: Partial<Record<LoadIndexName, number>>;
}

/** What the master lim knows of one host. */
export interface HostRecord {
  name: string;
  status: HostStatus;
  facts: HostFacts | null;
  load: Load | null;
  busyIndices: LoadIndexName[];
  lastReportMs: number;
}

export type HostChangeListener = (changed: readonly HostRecord[]) => void;

/**
 * The master lim's table of hosts: load reports come in, hosts that stop reporting turn
 * unavail, and every change of status is handed to the listener (the host-status watches).
 */
export class HostTable {
  private readonly records = new Map<string, HostRecord>();
  private readonly thresholds = new Map<string, HostEntry['thresholds']>();

  constructor(
    hosts: readonly HostEntry[],
    private readonly inactivityMs: number,
    private readonly onChange: HostChangeListener,
  ) {
    for (const host of hosts) {
      this.thresholds.set(host.name, host.thresholds);
      this.records.set(host.name, {
        name: host.name,
        status: 'unavail',
        facts: null,
        load: null,
        busyIndices: [],
        lastReportMs: 0,
      });
    }
  }

  has(name: string): boolean {
    return this.records.has(name);
  }

  /** Takes one load report; returns false for a host that is not in the cluster file. */
  report(name: string, facts: HostFacts, load: Load, nowMs: number): boolean {
    const record = this.records.get(name);
    if (!record) {
      return false;
    }

    const busyIndices = overThreshold(load, this.thresholds.get(name) ?? {});
    const status: HostStatus = busyIndices.length > 0 ? 'busy' : 'ok';
    const changed = status !== record.status;
    Object.assign(record, { status, facts, load, busyIndices, lastReportMs: nowMs });

    if (changed) {
      this.onChange([{ ...record }]);
    }
    return true;
  }

  /** Turns hosts unheard for longer than the inactivity limit unavail. */
  sweep(nowMs: number): void {
    const changed: HostRecord[] = [];
    for (const record of this.records.values()) {
      if (record.status !== 'unavail' && nowMs - record.lastReportMs > this.inactivityMs) {
        record.status = 'unavail';
        record.busyIndices = [];
        changed.push({ ...record });
      }
    }
    if (changed.length > 0) {
      this.onChange(changed);
    }
  }

  /** Copies of the records, in cluster-file order. */
  list(): HostRecord[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }
}

function overThreshold(load: Load, thresholds: HostEntry['thresholds']): LoadIndexName[] {
  return LOAD_INDEX_NAMES.filter((index) => {
    const limit = thresholds[index];
    if (limit === undefined) {
      return false;
    }
    return DECREASING_INDICES.has(index) ? load[index] < limit : load[index] > limit;
  });
}
