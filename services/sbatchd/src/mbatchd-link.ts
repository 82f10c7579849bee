import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  MbatchdServiceClient,
  type SbatchdChannelRequest,
  type SbatchdChannelResponse,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import { backoffMs, type MasterHost } from '../../common/src/master-lim';
import { toJobStatusReport, toJobUsage } from './convert';
import type { JobReport, RunningUsage } from './domain/job-report';

/** What the link needs of the job runner. */
export interface ReportSource {
  heldJobs(): JobReport[];
  pendingReports(): JobReport[];
  acknowledge(seqs: readonly number[]): void;
  runningUsage(): RunningUsage[];
}

export interface MbatchdLinkOptions {
  hostName: string;
  source: ReportSource;
  /** Finds the master host, or null when no lim names one. */
  findMaster: () => Promise<MasterHost | null>;
  mbdPort: number;
  heartbeatIntervalMs: number;
  /** Heartbeats mbatchd may miss: also how long a silent connection is trusted. */
  heartbeatMissCount: number;
  backoffMaxMs: number;
  log: Logger;
  /** Options of the client to mbatchd: the daemons' request signing. */
  clientOptions?: grpc.ClientOptions;
}

const MIN_TIMER_MS = 1000;
/** How long mbatchd may take to answer a registration before the link tries again. */
const MIN_REGISTRATION_WAIT_MS = 5000;

type Channel = grpc.ClientDuplexStream<SbatchdChannelRequest, SbatchdChannelResponse>;

/** One connection attempt; a stale one's late events are recognised and ignored. */
interface Connection {
  readonly client: MbatchdServiceClient;
  readonly channel: Channel;
  readonly master: string;
  registered: boolean;
  heartbeat: NodeJS.Timeout | null;
  registrationTimer: NodeJS.Timeout;
}

/**
 * sbatchd's one long-lived stream to mbatchd. It registers with the jobs the host holds,
 * then sends heartbeats and status reports; each report stays in the runner's outbox until
 * mbatchd acknowledges it, and every unacknowledged one is sent again after each
 * registration, oldest first. A broken stream is reopened with jittered exponential backoff,
 * looking for the master again each time, since the master may have moved.
 */
export class MbatchdLink {
  private connection: Connection | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private queued: JobReport[] = [];

  constructor(private readonly options: MbatchdLinkOptions) {}

  start(): void {
    void this.connect();
  }

  /** Sends a new report now if registered; otherwise the re-send at registration carries it. */
  send(report: JobReport): void {
    if (!this.connection?.registered) {
      return;
    }

    // Reports made in one turn of the event loop (a burst of job ends) share one message.
    this.queued.push(report);
    if (this.queued.length === 1) {
      setImmediate(() => this.flush());
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
    }
    if (this.connection) {
      this.close(this.connection, 'sbatchd stopping');
    }
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    const master = await this.options.findMaster().catch(() => null);
    if (this.stopped) {
      return;
    }
    if (!master) {
      this.retry('no lim names a master');
      return;
    }

    const connection = this.open(master);
    this.connection = connection;
    const heldJobs = this.options.source.heldJobs().map(toJobStatusReport);
    this.write(connection, { register: true, hostName: this.options.hostName, heldJobs });
  }

  private open(master: MasterHost): Connection {
    const { heartbeatIntervalMs, heartbeatMissCount } = this.options;
    const silenceMs = heartbeatIntervalMs * heartbeatMissCount;
    // Keepalive pings notice a dead peer or a cut network that TCP alone takes minutes over.
    const target = `${master.address}:${this.options.mbdPort}`;
    const client = new MbatchdServiceClient(target, grpc.credentials.createInsecure(), {
      'grpc.keepalive_time_ms': Math.max(heartbeatIntervalMs, MIN_TIMER_MS),
      'grpc.keepalive_timeout_ms': Math.max(silenceMs, MIN_TIMER_MS),
      'grpc.keepalive_permit_without_calls': 1,
      ...this.options.clientOptions,
    });
    const channel = client.sbatchdChannel();
    const connection: Connection = {
      client,
      channel,
      master: master.name,
      registered: false,
      heartbeat: null,
      registrationTimer: setTimeout(
        () => this.drop(connection, 'no registration reply'),
        Math.max(silenceMs, MIN_REGISTRATION_WAIT_MS),
      ),
    };

    channel.on('data', (response: SbatchdChannelResponse) => this.receive(connection, response));
    channel.on('error', (error: grpc.ServiceError) => {
      if (error.code === grpc.status.UNAUTHENTICATED) {
        // Most likely this host's cluster key differs from the master's: say so plainly.
        const fields = { master: master.name, reason: error.details };
        this.options.log.warn('mbatchd refused the cluster authentication', fields);
      }
      this.drop(connection, error.message);
    });
    channel.on('end', () => this.drop(connection, 'mbatchd ended the channel'));
    return connection;
  }

  private receive(connection: Connection, response: SbatchdChannelResponse): void {
    if (connection !== this.connection) {
      return;
    }
    if (!connection.registered) {
      this.register(connection, response);
    }
    if (response.ackedReportSeqs.length > 0) {
      this.options.source.acknowledge(response.ackedReportSeqs);
    }
  }

  /** mbatchd's first answer takes or refuses the registration. */
  private register(connection: Connection, response: SbatchdChannelResponse): void {
    clearTimeout(connection.registrationTimer);
    if (response.registration !== Lsbe.LSBE_NO_ERROR) {
      const reason = Lsbe[response.registration] ?? String(response.registration);
      const fields = { master: connection.master, reason };
      this.options.log.warn('mbatchd refused the registration', fields);
      this.drop(connection, `registration refused: ${reason}`);
      return;
    }

    connection.registered = true;
    this.failures = 0;
    this.options.log.info('connected to mbatchd', { master: connection.master });
    const intervalMs = response.heartbeatIntervalMs || this.options.heartbeatIntervalMs;
    const beat = (): void => {
      const usage = this.options.source.runningUsage().map(toJobUsage);
      this.write(connection, { heartbeat: true, usage });
    };
    connection.heartbeat = setInterval(beat, intervalMs);
    const pending = this.options.source.pendingReports();
    if (pending.length > 0) {
      this.write(connection, { reports: pending.map(toJobStatusReport) });
    }
  }

  private flush(): void {
    const reports = this.queued;
    this.queued = [];
    if (this.connection?.registered && reports.length > 0) {
      this.write(this.connection, { reports: reports.map(toJobStatusReport) });
    }
  }

  private write(connection: Connection, message: Partial<SbatchdChannelRequest>): void {
    connection.channel.write({ ...emptyRequest(), ...message });
  }

  /** Ends a connection after an error, an end or a refusal, and tries again later. */
  private drop(connection: Connection, reason: string): void {
    if (connection !== this.connection) {
      return;
    }

    this.close(connection, reason);
    this.retry(reason);
  }

  private close(connection: Connection, reason: string): void {
    this.connection = null;
    this.queued = [];
    clearTimeout(connection.registrationTimer);
    if (connection.heartbeat) {
      clearInterval(connection.heartbeat);
    }
    // The channel's late events (the error of this cancel) meet a stale connection: ignored.
    connection.channel.cancel();
    connection.client.close();
    const fields = { master: connection.master, reason };
    if (connection.registered) {
      this.options.log.info('disconnected from mbatchd', fields);
    } else {
      this.options.log.debug('mbatchd channel closed', fields);
    }
  }

  private retry(reason: string): void {
    if (this.stopped) {
      return;
    }
    const delayMs = backoffMs(this.failures++, this.options.backoffMaxMs);
    this.options.log.debug('mbatchd connect retry', { reason, delay_ms: delayMs });
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}

function emptyRequest(): SbatchdChannelRequest {
  return {
    hostName: '',
    heldJobs: [],
    reports: [],
    heartbeat: false,
    register: false,
    usage: [],
  };
}
