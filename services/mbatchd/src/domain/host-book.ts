/** lim's word on a host: ok and busy hosts take jobs, unavail ones do not. */
export type LimHostStatus = 'ok' | 'busy' | 'unavail';

/** What mbatchd knows of one execution host. */
export interface BatchHostState {
  name: string;
  limStatus: LimHostStatus;
  ncpus: number;
  /** The host's sbatchd holds a registered stream now. */
  sbatchdLive: boolean;
  lastHeartbeatMs: number;
  /** Set once heartbeats have been missed for too long: its jobs show UNKWN. */
  unreachable: boolean;
  /** `badmin hclose`; durable. */
  closedByAdmin: boolean;
  /** Load indices by name, from lim's last report; empty until then. */
  load: Map<string, number>;
  /** Static facts from lim (maxmem, maxswp, maxtmp in MB, ncpus, cpuf); empty until known. */
  statics: Map<string, number>;
  /** type and model from lim; empty until known. */
  strings: Map<string, string>;
}

/** bhosts' status word, in LSF's order of precedence. */
export function batchHostStatus(host: BatchHostState, usedSlots: number, maxSlots: number): string {
  if (host.limStatus === 'unavail' && !host.sbatchdLive) {
    return 'unavail';
  }
  if (!host.sbatchdLive) {
    return 'unreach';
  }
  if (host.closedByAdmin) {
    return 'closed_Adm';
  }
  if (host.limStatus === 'unavail') {
    return 'closed_LIM';
  }
  if (maxSlots > 0 && usedSlots >= maxSlots) {
    return 'closed_Full';
  }
  return host.limStatus === 'busy' ? 'closed_Busy' : 'ok';
}

/** The batch hosts: every server host of the cluster file, fed by lim and by sbatchd. */
export class HostBook {
  private readonly hosts = new Map<string, BatchHostState>();

  constructor(names: readonly string[], closedByAdmin: ReadonlySet<string>) {
    for (const name of names) {
      this.hosts.set(name, {
        name,
        limStatus: 'unavail',
        ncpus: 0,
        sbatchdLive: false,
        lastHeartbeatMs: 0,
        unreachable: false,
        closedByAdmin: closedByAdmin.has(name),
        load: new Map(),
        statics: new Map(),
        strings: new Map([['hname', name]]),
      });
    }
  }

  get(name: string): BatchHostState | undefined {
    return this.hosts.get(name);
  }

  all(): BatchHostState[] {
    return [...this.hosts.values()];
  }

  /** Hosts whose sbatchd has been silent longer than `timeoutMs` and is not yet unreachable. */
  overdue(nowMs: number, timeoutMs: number): BatchHostState[] {
    return this.all().filter(
      (host) =>
        !host.unreachable && host.lastHeartbeatMs > 0 && nowMs - host.lastHeartbeatMs > timeoutMs,
    );
  }
}
