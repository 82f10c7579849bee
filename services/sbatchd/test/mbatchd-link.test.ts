import * as grpc from '@grpc/grpc-js';
import winston from 'winston';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  MbatchdServiceService,
  type SbatchdChannelRequest,
  type SbatchdChannelResponse,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import type { JobReport, RunningUsage } from '../src/domain/job-report';
import { MbatchdLink, type ReportSource } from '../src/mbatchd-link';
import { waitFor } from './runner-harness';

type Channel = grpc.ServerDuplexStream<SbatchdChannelRequest, SbatchdChannelResponse>;

/** An mbatchd that only serves the channel, answering as each test tells it to. */
class FakeMbatchd {
  readonly server = new grpc.Server();
  readonly channels: Channel[] = [];
  readonly received: SbatchdChannelRequest[] = [];
  registration = Lsbe.LSBE_NO_ERROR;
  port = 0;

  async start(): Promise<void> {
    this.server.addService(MbatchdServiceService, {
      sbatchdChannel: (channel: Channel) => {
        this.channels.push(channel);
        channel.on('data', (request: SbatchdChannelRequest) => {
          this.received.push(request);
          if (request.register) {
            channel.write(response({ registration: this.registration }));
          }
        });
        channel.on('error', () => undefined);
      },
    });
    this.port = await new Promise((resolve, reject) =>
      this.server.bindAsync(
        '127.0.0.1:0',
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
  }

  registrations(): SbatchdChannelRequest[] {
    return this.received.filter((request) => request.register);
  }

  reportSeqs(): number[] {
    return this.received.flatMap((request) => request.reports.map((report) => report.reportSeq));
  }
}

function response(overrides: Partial<SbatchdChannelResponse>): SbatchdChannelResponse {
  return {
    ackedReportSeqs: [],
    registration: Lsbe.LSBE_NO_ERROR,
    heartbeatIntervalMs: 0,
    ...overrides,
  };
}

function report(seq: number, state: JobReport['state'] = 'RUN'): JobReport {
  const exitCode = state === 'RUN' ? null : 0;
  return {
    jobId: seq,
    attempt: 1,
    state,
    pid: 100,
    exitCode,
    exitSignal: 0,
    cpuTimeSec: 0,
    maxMemKb: 0,
    timeMs: 1,
    seq,
  };
}

/** A runner stand-in: held jobs, an outbox, and the acknowledgements it was given. */
class FakeSource implements ReportSource {
  held: JobReport[] = [];
  pending: JobReport[] = [];
  usage: RunningUsage[] = [];
  readonly acked: number[] = [];

  heldJobs(): JobReport[] {
    return this.held;
  }

  pendingReports(): JobReport[] {
    return this.pending;
  }

  acknowledge(seqs: readonly number[]): void {
    this.acked.push(...seqs);
    this.pending = this.pending.filter((r) => !seqs.includes(r.seq));
  }

  runningUsage(): RunningUsage[] {
    return this.usage;
  }
}

let mbatchd: FakeMbatchd;
let source: FakeSource;
let link: MbatchdLink;
const log = winston.createLogger({ silent: true });

async function connect(heartbeatIntervalMs = 5000): Promise<void> {
  link = new MbatchdLink({
    hostName: 'hostA',
    source,
    findMaster: async () => ({ name: 'master', address: '127.0.0.1' }),
    mbdPort: mbatchd.port,
    heartbeatIntervalMs,
    heartbeatMissCount: 3,
    backoffMaxMs: 400,
    log,
  });
  link.start();
  await waitFor('a registration', () => mbatchd.registrations().length > 0);
}

beforeEach(async () => {
  mbatchd = new FakeMbatchd();
  await mbatchd.start();
  source = new FakeSource();
});

afterEach(() => {
  link.stop();
  mbatchd.server.forceShutdown();
  jest.restoreAllMocks();
});

describe('MbatchdLink', () => {
  it('registers with the held jobs, then re-sends the unacknowledged reports oldest first', async () => {
    source.held = [{ ...report(0, 'RUN'), jobId: 7 }];
    source.pending = [report(3), report(4, 'DONE')];
    await connect();

    const [registration] = mbatchd.registrations();
    expect(registration).toMatchObject({ register: true, hostName: 'hostA' });
    expect(registration.heldJobs).toEqual([expect.objectContaining({ jobId: 7, reportSeq: 0 })]);
    await waitFor('the re-sent reports', () => mbatchd.reportSeqs().length === 2);
    expect(mbatchd.reportSeqs()).toEqual([3, 4]);
    expect(mbatchd.received[1].reports[1]).toMatchObject({ hasExitCode: true, exitCode: 0 });
  });

  it('sends new reports once registered and hands acknowledgements to the runner', async () => {
    await connect();
    await new Promise((resolve) => setTimeout(resolve, 50));

    link.send(report(5));
    link.send(report(6));
    await waitFor('the new reports', () => mbatchd.reportSeqs().length === 2);
    expect(mbatchd.received.at(-1)!.reports.map((r) => r.reportSeq)).toEqual([5, 6]);
    mbatchd.channels[0].write(response({ ackedReportSeqs: [5, 6] }));
    await waitFor('the acknowledgements', () => source.acked.length === 2);
    expect(source.acked).toEqual([5, 6]);
  });

  it('reconnects after mbatchd ends the channel and re-sends what is still unacknowledged', async () => {
    source.pending = [report(8)];
    await connect();
    await waitFor('the first send', () => mbatchd.reportSeqs().length === 1);

    mbatchd.channels[0].end();
    await waitFor('a second registration', () => mbatchd.registrations().length === 2, 5000);
    await waitFor('the re-send', () => mbatchd.reportSeqs().length === 2);
    expect(mbatchd.reportSeqs()).toEqual([8, 8]);
  });

  it('warns of a refused registration and tries again later', async () => {
    mbatchd.registration = Lsbe.LSBE_PERMISSION;
    source.pending = [report(9)];
    const warn = jest.spyOn(log, 'warn');
    await connect();

    await waitFor('a second registration', () => mbatchd.registrations().length === 2, 5000);
    expect(warn).toHaveBeenCalledWith(
      'mbatchd refused the registration',
      expect.objectContaining({ reason: 'LSBE_PERMISSION' }),
    );
    expect(mbatchd.reportSeqs()).toEqual([]);
  });

  it('sends heartbeats at the configured interval, with what the running jobs use', async () => {
    source.usage = [
      { jobId: 7, attempt: 1, cpuTimeSec: 1.5, memKb: 2048, threads: 3, pids: [70, 71], timeMs: 9 },
    ];
    await connect(200);

    await waitFor(
      'two heartbeats',
      () => mbatchd.received.filter((r) => r.heartbeat).length >= 2,
      2000,
    );
    const beat = mbatchd.received.find((r) => r.heartbeat);
    expect(beat?.usage).toEqual([
      {
        jobId: 7,
        dispatchAttempt: 1,
        cpuTimeSec: 1.5,
        memKb: 2048,
        threads: 3,
        pids: [70, 71],
        timeMs: 9,
      },
    ]);
  });

  it('keeps looking for the master, with backoff, while no lim names one', async () => {
    let lookups = 0;
    link = new MbatchdLink({
      hostName: 'hostA',
      source,
      findMaster: async () => (++lookups < 3 ? null : { name: 'master', address: '127.0.0.1' }),
      mbdPort: mbatchd.port,
      heartbeatIntervalMs: 5000,
      heartbeatMissCount: 3,
      backoffMaxMs: 400,
      log,
    });
    link.start();

    await waitFor('a registration', () => mbatchd.registrations().length === 1, 5000);
    expect(lookups).toBe(3);
  });
});
