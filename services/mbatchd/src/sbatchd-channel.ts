import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  JobStatusReport,
  JobUsage,
  SbatchdChannelRequest,
  SbatchdChannelResponse,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import { decodeJobState } from './convert';
import type { HostJobReport, HostSessions, RunUsageReport } from './core/host-sessions';

type Channel = grpc.ServerDuplexStream<SbatchdChannelRequest, SbatchdChannelResponse>;

/**
 * Serves one sbatchd's stream: the first message registers the host; later ones are
 * heartbeats and reports. A report is acknowledged only once it is durable, so sbatchd
 * re-sends whatever a crash of mbatchd lost.
 */
export function serveSbatchdChannel(
  call: Channel,
  sessions: HostSessions,
  knownHost: (name: string) => boolean,
  heartbeatIntervalMs: number,
  log: Logger,
): void {
  let host: string | null = null;
  let session = 0;
  let endedReason: string | null = null;
  let queue = Promise.resolve();

  const handle = async (message: SbatchdChannelRequest): Promise<void> => {
    if (message.register) {
      if (!knownHost(message.hostName)) {
        log.warn('sbatchd registration refused', {
          host: message.hostName,
          reason: 'not a server host',
        });
        call.write({ ackedReportSeqs: [], registration: Lsbe.LSBE_BAD_HOST, heartbeatIntervalMs });
        call.end();
        return;
      }
      host = message.hostName;
      session =
        (await sessions.register(host, message.heldJobs.map(decodeReport), () => call.end())) ?? 0;
      if (endedReason !== null) {
        // The stream ended while the registration was being applied.
        sessions.disconnected(host, session, endedReason);
        return;
      }
      call.write({
        ackedReportSeqs: seqsOf(message.heldJobs),
        registration: Lsbe.LSBE_NO_ERROR,
        heartbeatIntervalMs,
      });
    }
    if (!host) {
      return;
    }
    if (message.heartbeat) {
      sessions.heartbeat(host, session, message.usage.map(decodeUsage));
    }
    if (message.reports.length > 0) {
      const from = host;
      await Promise.all(
        message.reports.map((report) => sessions.report(from, decodeReport(report))),
      );
      call.write({
        ackedReportSeqs: seqsOf(message.reports),
        registration: Lsbe.LSBE_NO_ERROR,
        heartbeatIntervalMs,
      });
    }
  };

  // Messages are handled in arrival order, each after the previous one is durable.
  call.on('data', (message: SbatchdChannelRequest) => {
    queue = queue
      .then(() => handle(message))
      .catch((error: Error) => {
        log.error('sbatchd message failed', { host: host ?? '', reason: error.message });
      });
  });
  const closed = (reason: string): void => {
    endedReason = reason;
    if (host) {
      sessions.disconnected(host, session, reason);
    }
  };
  call.on('end', () => {
    closed('stream ended');
    call.end();
  });
  call.on('error', (error: Error) => closed(error.message));
  call.on('cancelled', () => closed('cancelled'));
}

function seqsOf(reports: readonly JobStatusReport[]): number[] {
  return reports.map((report) => report.reportSeq).filter((seq) => seq > 0);
}

function decodeReport(report: JobStatusReport): HostJobReport {
  return {
    jobId: report.jobId,
    attempt: report.dispatchAttempt,
    state: decodeJobState(report.state) ?? 'RUN',
    pid: report.pid,
    exitCode: report.hasExitCode ? report.exitCode : undefined,
    signal: report.exitSignal || undefined,
    cpuTimeSec: report.cpuTimeSec,
    maxMemKb: report.maxMemKb,
    timeMs: report.timeMs || Date.now(),
    termReason: report.termReason || undefined,
  };
}

function decodeUsage(usage: JobUsage): RunUsageReport {
  return {
    jobId: usage.jobId,
    attempt: usage.dispatchAttempt,
    cpuTimeSec: usage.cpuTimeSec,
    memKb: usage.memKb,
    threads: usage.threads,
    pids: usage.pids,
    timeMs: usage.timeMs || Date.now(),
  };
}
