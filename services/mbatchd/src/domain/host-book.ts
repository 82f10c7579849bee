/** lim's word on a host: ok and busy hosts take jobs, unavail ones do not. */
export type LimHostStatus = 'ok' | 'busy' | 'unavail';

/** What mbatchd knows of one execution host. */
export interface BatchHostState {
  name: string;
  limStatus: LimHostStatus;
  /** lim has told its status since mbatchd started; `limStatus` is only a default before. */
  limReported: boolean;
  ncpus: number;
  /** The host's sbatchd holds a registered stream now. */
  sbatchdLive: boolean;
  /** Numbers the registrations: only the current one's stream may end the host's session. */
  session: number;
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

/**
 * A failed host: its sbatchd has missed its heartbeats and lim, too, has lost the host, so the
 * machine is down or cut off rather than only its sbatchd stopped (whose jobs live on under
 * their shepherds). Its rerunnable jobs are then run again elsewhere. Without word from lim
 * (no master lim since mbatchd started) no host counts as failed.
 */
export function isHostFailed(host: BatchHostState): boolean {
  return host.unreachable && host.limReported && host.limStatus === 'unavail';
}

/** The batch hosts: every server host of the cluster file, fed by lim and by sbatchd. */
export class HostBook {
  private readonly hosts = new Map<string, BatchHostState>();

  constructor(names: readonly string[], closedByAdmin: ReadonlySet<string>) {
    for (const name of names) {
      this.hosts.set(name, {
        name,
        limStatus: 'unavail',
        limReported: false,
        ncpus: 0,
        sbatchdLive: false,
        session: 0,
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

  /**
   * A registration of the host's sbatchd: the host is live and reachable from now on. Returns
   * the session's number, which later heartbeats and the stream's end must name.
   */
  openSession(name: string, nowMs: number): number | null {
    const host = this.hosts.get(name);
    if (!host) {
      return null;
    }
    host.session += 1;
    host.sbatchdLive = true;
    host.lastHeartbeatMs = nowMs;
    return host.session;
  }

  /** A heartbeat on the session's stream; false when a newer registration replaced it. */
  heartbeat(name: string, session: number, nowMs: number): boolean {
    const host = this.hosts.get(name);
    if (!host || host.session !== session || !host.sbatchdLive) {
      return false;
    }
    host.lastHeartbeatMs = nowMs;
    return true;
  }

  /**
   * The session's stream ended, or its heartbeats stopped: the host takes no new job. The end
   * of an older stream, noticed late (after a network cut heals), changes nothing. True when
   * the host was live until now.
   */
  closeSession(name: string, session: number): boolean {
    const host = this.hosts.get(name);
    if (!host || host.session !== session || !host.sbatchdLive) {
      return false;
    }
    host.sbatchdLive = false;
    return true;
  }

  /**
   * Hosts that hold started jobs are expected to register: from `nowMs` on, they count as
   * silent (and their jobs turn UNKWN after the timeout) until their sbatchd registers, as
   * after an mbatchd restart.
   */
  expectRegistration(names: Iterable<string>, nowMs: number): void {
    for (const name of names) {
      const host = this.hosts.get(name);
      if (host && !host.sbatchdLive && host.lastHeartbeatMs === 0) {
        host.lastHeartbeatMs = nowMs;
      }
    }
  }

  /** Hosts whose sbatchd has been silent longer than `timeoutMs` and is not yet unreachable. */
  overdue(nowMs: number, timeoutMs: number): BatchHostState[] {
    return this.all().filter(
      (host) =>
        !host.unreachable && host.lastHeartbeatMs > 0 && nowMs - host.lastHeartbeatMs > timeoutMs,
    );
  }
}
