import * as grpc from '@grpc/grpc-js';
import type { ClusterConfig } from '../../common/src/config';
import { HostStatus } from '../../common/src/generated/lavalite/v1/host';
import {
  LimResult,
  LimServiceClient,
  WatchHostStatusResponse,
} from '../../common/src/generated/lavalite/v1/lim';
import type { Logger } from '../../common/src/logging';
import { backoffMs, findMasterHost } from '../../common/src/master-lim';
import type { HostBook, LimHostStatus } from './domain/host-book';

const STATUS: Partial<Record<HostStatus, LimHostStatus>> = {
  [HostStatus.HOST_STATUS_OK]: 'ok',
  [HostStatus.HOST_STATUS_BUSY]: 'busy',
  [HostStatus.HOST_STATUS_UNAVAIL]: 'unavail',
};

/**
 * Follows the master lim's host-status watch and keeps mbatchd's hosts' lim status and CPU
 * counts current. When the stream ends (the master moved or died) it finds the master again,
 * with jittered backoff.
 */
export class LimWatch {
  private attempt = 0;
  private stopped = false;
  private stream: grpc.ClientReadableStream<WatchHostStatusResponse> | null = null;
  private client: LimServiceClient | null = null;

  constructor(
    private readonly config: () => ClusterConfig,
    private readonly hosts: HostBook,
    private readonly onChange: () => void,
    private readonly log: Logger,
    private readonly clientOptions: grpc.ClientOptions,
  ) {}

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.cancel();
    this.client?.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const config = this.config();
    const master = await findMasterHost(config, 2000, this.clientOptions);
    if (!master) {
      this.retry('no master lim');
      return;
    }
    this.client?.close();
    const client = new LimServiceClient(
      `${master.address}:${config.ports.lim}`,
      grpc.credentials.createInsecure(),
      this.clientOptions,
    );
    this.client = client;
    const stream = client.watchHostStatus({});
    this.stream = stream;
    stream.on('data', (message: WatchHostStatusResponse) => this.apply(client, message));
    stream.on('error', (error: Error) => this.lost(stream, error.message));
    stream.on('end', () => this.lost(stream, 'stream ended'));
  }

  private apply(client: LimServiceClient, message: WatchHostStatusResponse): void {
    if (message.result !== LimResult.LIM_RESULT_OK) {
      return;
    }
    if (message.snapshot) {
      this.attempt = 0;
      this.log.info('lim watch connected', { master: message.masterName });
    }
    for (const load of message.hosts) {
      const host = this.hosts.get(load.name);
      const status = STATUS[load.status];
      if (host && status) {
        host.limReported = true;
      }
      if (host && status && host.limStatus !== status) {
        host.limStatus = status;
        this.log.info('host lim status', { host: load.name, to: status });
      }
      if (host && load.load) {
        host.load = new Map(Object.entries(load.load));
      }
    }
    this.refreshCpuCounts(
      client,
      message.hosts.map((load) => load.name),
    );
    this.onChange();
  }

  /** MXJ defaults to the host's CPUs, which lim's host list carries. */
  private refreshCpuCounts(client: LimServiceClient, names: string[]): void {
    const deadline = Date.now() + 5000;
    client.listHosts({ hostNames: names }, new grpc.Metadata(), { deadline }, (error, reply) => {
      if (error || !reply) {
        return;
      }
      for (const info of reply.hosts) {
        const host = this.hosts.get(info.name);
        if (host && info.reported) {
          host.ncpus = info.ncpus;
          host.statics = new Map([
            ['ncpus', info.ncpus],
            ['maxmem', info.maxMemMb],
            ['maxswp', info.maxSwapMb],
            ['maxtmp', info.maxTmpMb],
            ['cpuf', info.cpuFactor],
          ]);
          host.strings = new Map([
            ['hname', info.name],
            ['type', info.type],
            ['model', info.model],
          ]);
        }
      }
      this.onChange();
    });
  }

  private lost(stream: grpc.ClientReadableStream<WatchHostStatusResponse>, reason: string): void {
    if (this.stream !== stream) {
      return;
    }
    this.stream = null;
    this.retry(reason);
  }

  private retry(reason: string): void {
    if (this.stopped) {
      return;
    }
    const delay = backoffMs(this.attempt++, this.config().params.reconnectBackoffMaxSec * 1000);
    this.log.debug('lim watch retry', { reason, delay_ms: delay });
    setTimeout(() => void this.connect(), delay);
  }
}
