import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import {
  LimResult,
  LimServiceClient,
  ReportLoadRequest,
  ReportLoadResponse,
} from '../../common/src/generated/lavalite/v1/lim';
import { decideMaster, Probe } from './domain/election';
import { HostEntry, HostRecord, HostTable } from './domain/host-table';
import type { HostFacts } from './domain/load';
import type { LoadSampler } from './load-sampler';
import { toHostInfo, toLoadIndices } from './convert';

export type Role = 'master' | 'slave' | 'undecided';

export interface LimNodeOptions {
  self: string;
  candidates: readonly string[];
  hosts: readonly HostEntry[];
  /** Clients of the other hosts' lims, by host name. */
  peers: ReadonlyMap<string, LimServiceClient>;
  exchangeIntervalMs: number;
  hostInactivityLimit: number;
  sampler: LoadSampler;
  log: Logger;
}

/** Receives host-status changes while this lim is master; ended when it stops being master. */
export interface HostWatcher {
  changed(hosts: readonly HostRecord[]): void;
  lostMastership(master: string): void;
}

/**
 * One lim's part in the cluster: it elects (or follows) the master, reports its load to the
 * master as a slave, and keeps the host table and its watchers as the master.
 */
export class LimNode {
  role: Role = 'undecided';
  masterName = '';
  masterSinceMs = 0;
  hostTable: HostTable | null = null;

  private readonly watchers = new Set<HostWatcher>();
  private readonly facts: HostFacts;
  private wasNextInLine = false;
  private electionRunning = false;
  private electionAgain = false;
  private reportStream: grpc.ClientDuplexStream<ReportLoadRequest, ReportLoadResponse> | null =
    null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly options: LimNodeOptions) {
    this.facts = options.sampler.facts();
  }

  get self(): string {
    return this.options.self;
  }

  start(): void {
    const interval = this.options.exchangeIntervalMs;
    this.options.sampler.sample();
    this.timers.push(setInterval(() => this.exchange(), interval));
    this.timers.push(setInterval(() => void this.runElection(), interval));
    void this.runElection();
  }

  stop(): void {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    this.closeReportStream();
  }

  watch(watcher: HostWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Takes a slave's report; the answer tells the slave whether to look for another master. */
  acceptReport(host: string, facts: HostFacts, load: HostRecord['load']): LimResult {
    if (this.role !== 'master' || !this.hostTable) {
      return LimResult.LIM_RESULT_NOT_MASTER;
    }
    if (!load || !this.hostTable.report(host, facts, load, Date.now())) {
      this.options.log.warn('load report refused', { reason: 'unknown host', from: host });
      return LimResult.LIM_RESULT_BAD_HOST;
    }
    return LimResult.LIM_RESULT_OK;
  }

  /** One exchange interval: sample, then report to ourselves as master or to the master. */
  private exchange(): void {
    const load = this.options.sampler.sample();
    if (this.role === 'master' && this.hostTable) {
      this.hostTable.report(this.options.self, this.facts, load, Date.now());
      this.hostTable.sweep(Date.now());
    } else if (this.role === 'slave') {
      this.sendReport();
    }
  }

  private async runElection(): Promise<void> {
    if (this.stopped) {
      return;
    }
    if (this.electionRunning) {
      this.electionAgain = true;
      return;
    }
    this.electionRunning = true;
    try {
      do {
        this.electionAgain = false;
        await this.electionRound();
      } while (this.electionAgain && !this.stopped);
    } finally {
      this.electionRunning = false;
    }
  }

  private async electionRound(): Promise<void> {
    const probes = await Promise.all(
      this.options.candidates
        .filter((name) => name !== this.options.self)
        .map((name) => this.probe(name)),
    );
    const outcome = decideMaster({
      self: this.options.self,
      candidates: this.options.candidates,
      selfIsMaster: this.role === 'master',
      probes,
      wasNextInLineLastRound: this.wasNextInLine,
    });
    this.wasNextInLine = outcome.role === 'undecided' && outcome.wouldClaim;

    if (outcome.role === 'master' && this.role !== 'master') {
      this.becomeMaster();
    } else if (outcome.role === 'slave' && this.masterName !== outcome.master) {
      this.becomeSlave(outcome.master);
    }
  }

  private probe(name: string): Promise<Probe> {
    const client = this.options.peers.get(name);
    const unreachable: Probe = { name, reachable: false, isMaster: false, masterName: '' };
    if (!client) {
      return Promise.resolve(unreachable);
    }
    const deadline = Date.now() + Math.min(1000, this.options.exchangeIntervalMs);
    return new Promise((resolve) => {
      client.getClusterInfo({}, new grpc.Metadata(), { deadline }, (error, reply) => {
        if (error || !reply) {
          resolve(unreachable);
          return;
        }
        resolve({ name, reachable: true, isMaster: reply.isMaster, masterName: reply.masterName });
      });
    });
  }

  private becomeMaster(): void {
    this.closeReportStream();
    this.role = 'master';
    this.masterName = this.options.self;
    this.masterSinceMs = Date.now();
    const inactivityMs = this.options.exchangeIntervalMs * this.options.hostInactivityLimit;
    this.hostTable = new HostTable(this.options.hosts, inactivityMs, (changed) => {
      this.logHostChanges(changed);
      this.watchers.forEach((watcher) => watcher.changed(changed));
    });
    this.hostTable.report(
      this.options.self,
      this.facts,
      this.options.sampler.current(),
      Date.now(),
    );
    this.options.log.info('lim role changed', { to: 'master', master: this.options.self });
  }

  private becomeSlave(master: string): void {
    const wasMaster = this.role === 'master';
    this.leaveMastership(master);
    this.role = 'slave';
    this.masterName = master;
    this.options.log.info('lim role changed', {
      to: 'slave',
      master,
      from: wasMaster ? 'master' : '',
    });
    this.openReportStream();
    this.sendReport();
  }

  private leaveMastership(master: string): void {
    if (this.role !== 'master') {
      return;
    }
    this.hostTable = null;
    this.masterSinceMs = 0;
    this.watchers.forEach((watcher) => watcher.lostMastership(master));
    this.watchers.clear();
  }

  private logHostChanges(changed: readonly HostRecord[]): void {
    for (const host of changed) {
      this.options.log.info('host status changed', { host: host.name, to: host.status });
    }
  }

  private openReportStream(): void {
    this.closeReportStream();
    const client = this.options.peers.get(this.masterName);
    if (!client) {
      return;
    }
    const stream = client.reportLoad();
    this.reportStream = stream;
    const lost = (reason: string): void => {
      if (this.reportStream !== stream) {
        return;
      }
      this.reportStream = null;
      this.options.log.info('master link lost', { master: this.masterName, reason });
      this.role = 'undecided';
      this.masterName = '';
      void this.runElection();
    };
    stream.on('data', (reply: ReportLoadResponse) => {
      if (reply.result === LimResult.LIM_RESULT_NOT_MASTER) {
        stream.cancel();
        lost('not master');
      }
    });
    stream.on('error', (error: Error) => lost(error.message));
    stream.on('end', () => lost('stream ended'));
  }

  private sendReport(): void {
    if (!this.reportStream) {
      this.openReportStream();
    }
    this.reportStream?.write({
      hostName: this.options.self,
      info: toHostInfo(this.options.self, this.facts),
      load: toLoadIndices(this.options.sampler.current()),
    });
  }

  private closeReportStream(): void {
    const stream = this.reportStream;
    this.reportStream = null;
    stream?.cancel();
  }
}
