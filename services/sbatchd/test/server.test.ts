import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  SbatchdServiceClient,
  SbatchdServiceService,
  type SignalJobRequest,
  type StartJobRequest,
  type StartJobResponse,
} from '../../common/src/generated/lavalite/v1/sbatchd';
import type { JobReport } from '../src/domain/job-report';
import { createSbatchdService } from '../src/server';
import {
  buildShepherd,
  jobSpec,
  killLeftovers,
  removeTestDir,
  openRunner,
  silentLog,
  waitFor,
  type TestRunner,
} from './runner-harness';

jest.setTimeout(15_000);

let dir: string;
let shepherd: string;
let opened: TestRunner;
let server: grpc.Server;
let client: SbatchdServiceClient;

function startRequest(jobId: number, command: string): StartJobRequest {
  const spec = jobSpec(dir, jobId, command);
  return {
    ...spec,
    dispatchAttempt: spec.attempt,
    env: { ...spec.env },
    execHosts: [...spec.execHosts],
    runLimitSec: 0,
    memLimitKb: 0,
    termTimeMs: 0,
    restart: false,
    maxSlots: 0,
    arrayIndexStep: 0,
    arrayIndexEnd: 0,
    spoolDir: '',
    preExecCommand: '',
    postExecCommand: '',
  };
}

function startJob(request: StartJobRequest): Promise<StartJobResponse> {
  return new Promise((resolve, reject) =>
    client.startJob(request, (error, reply) => (error ? reject(error) : resolve(reply))),
  );
}

function signalJob(request: Partial<SignalJobRequest>): Promise<Lsbe> {
  const full = {
    jobId: 0,
    dispatchAttempt: 1,
    signal: 0,
    kill: false,
    terminateIntervalSec: 0,
    submitTimeMs: 0,
    fromHost: '',
    ...request,
  };
  return new Promise((resolve, reject) =>
    client.signalJob(full, (error, reply) => (error ? reject(error) : resolve(reply.lsbe))),
  );
}

function finalOf(reports: JobReport[], jobId: number): JobReport | undefined {
  return reports.find((r) => r.jobId === jobId && (r.state === 'DONE' || r.state === 'EXIT'));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-server-'));
  shepherd = buildShepherd();
  opened = openRunner(path.join(dir, 'work'), shepherd);
  server = new grpc.Server();
  server.addService(
    SbatchdServiceService,
    createSbatchdService(
      opened.runner,
      { euid: process.geteuid?.() ?? 0, rootJobs: true },
      silentLog,
    ),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = new SbatchdServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  killLeftovers(opened.runner);
  client.close();
  server.forceShutdown();
  opened.runner.close();
  removeTestDir(dir);
  removeTestDir(path.dirname(shepherd));
});

describe('SbatchdService', () => {
  it('starts a job once and answers a repeated start with the same pid', async () => {
    const first = await startJob(startRequest(1, 'sleep 5'));
    const again = await startJob(startRequest(1, 'sleep 5'));

    expect(first).toMatchObject({ lsbe: Lsbe.LSBE_NO_ERROR, error: '' });
    expect(first.pid).toBeGreaterThan(1);
    expect(again).toEqual(first);
  });

  it('answers a failed start with LSBE_SYS_CALL and the reason', async () => {
    const request = { ...startRequest(2, 'true'), outputFile: '/nonexistent/out' };

    const reply = await startJob(request);
    expect(reply).toMatchObject({ lsbe: Lsbe.LSBE_SYS_CALL, pid: 0, jobFault: true });
    expect(reply.error).toContain('cannot open /nonexistent/out');
  });

  it('answers signals with LSBE codes: bad signal, no job, delivered, finished', async () => {
    await startJob(startRequest(3, 'sleep 5'));

    expect(await signalJob({ jobId: 3, signal: 32 })).toBe(Lsbe.LSBE_BAD_SIGNAL);
    expect(await signalJob({ jobId: 3, signal: 0 })).toBe(Lsbe.LSBE_BAD_SIGNAL);
    expect(await signalJob({ jobId: 3, dispatchAttempt: 2, signal: 15 })).toBe(Lsbe.LSBE_NO_JOB);
    expect(await signalJob({ jobId: 99, kill: true })).toBe(Lsbe.LSBE_NO_JOB);
    expect(await signalJob({ jobId: 3, kill: true, terminateIntervalSec: 1 })).toBe(
      Lsbe.LSBE_NO_ERROR,
    );
    await waitFor('the job to end', () => finalOf(opened.reports, 3) !== undefined);
    expect(await signalJob({ jobId: 3, signal: 15 })).toBe(Lsbe.LSBE_JOB_FINISH);
  });
});
