import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import winston from 'winston';
import { ClusterAuth, ClusterKeyError, readClusterKey } from '../src/cluster-auth';
import { clusterServerInterceptor, daemonClientOptions } from '../src/cluster-auth-grpc';
import {
  LimServiceClient,
  LimServiceService,
  ReportLoadRequest,
  type LimServiceServer,
} from '../src/generated/lavalite/v1/lim';

const KEY = Buffer.from('k'.repeat(64));
const OTHER_KEY = Buffer.from('o'.repeat(64));
const METHOD = '/lavalite.v1.SbatchdService/StartJob';

describe('ClusterAuth', () => {
  it('takes a request signed with the same key once, and refuses it the second time', () => {
    const sender = new ClusterAuth(KEY, 'mbatchd');
    const receiver = new ClusterAuth(KEY, 'sbatchd');
    const sent = sender.sign(METHOD);

    const first = receiver.verify(METHOD, sent.header);
    const again = receiver.verify(METHOD, sent.header);

    expect(first).toEqual({ ok: true, request: { role: 'mbatchd', nonce: sent.nonce } });
    expect(again).toEqual({ ok: false, reason: 'cluster authentication replayed' });
  });

  it('refuses a request signed with another key, for another method or by another role', () => {
    const receiver = new ClusterAuth(KEY, 'sbatchd');
    const stranger = new ClusterAuth(OTHER_KEY, 'mbatchd').sign(METHOD);
    const forOther = new ClusterAuth(KEY, 'mbatchd').sign('/lavalite.v1.LimService/ReportLoad');
    const asLim = new ClusterAuth(KEY, 'mbatchd').sign(METHOD).header.replace(':mbatchd:', ':lim:');

    expect(receiver.verify(METHOD, stranger.header)).toMatchObject({ ok: false });
    expect(receiver.verify(METHOD, forOther.header)).toMatchObject({ ok: false });
    expect(receiver.verify(METHOD, asLim)).toEqual({
      ok: false,
      reason: 'bad cluster authentication signature',
    });
  });

  it('refuses a request outside the time window', () => {
    let now = 1_000_000;
    const sender = new ClusterAuth(KEY, 'mbatchd', { now: () => now });
    const receiver = new ClusterAuth(KEY, 'sbatchd', { now: () => now, windowMs: 30_000 });
    const sent = sender.sign(METHOD);

    now += 30_001;

    expect(receiver.verify(METHOD, sent.header)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('expired'),
    });
  });

  it('refuses missing and malformed headers with their reason', () => {
    const receiver = new ClusterAuth(KEY, 'sbatchd');

    expect(receiver.verify(METHOD, undefined)).toEqual({
      ok: false,
      reason: 'cluster authentication required',
    });
    for (const header of ['v1', 'v1:root:1:2:3', 'v2:lim:1:aa:bb', 'v1:lim:x:y:z:w']) {
      expect(receiver.verify(METHOD, header)).toEqual({
        ok: false,
        reason: 'malformed cluster authentication',
      });
    }
  });

  it('remembers a bounded number of nonces, refusing more within the window', () => {
    let now = 5_000_000;
    const sender = new ClusterAuth(KEY, 'mbatchd', { now: () => now });
    const receiver = new ClusterAuth(KEY, 'sbatchd', {
      now: () => now,
      replayCapacity: 2,
      windowMs: 1000,
    });

    expect(receiver.verify(METHOD, sender.sign(METHOD).header).ok).toBe(true);
    expect(receiver.verify(METHOD, sender.sign(METHOD).header).ok).toBe(true);
    expect(receiver.verify(METHOD, sender.sign(METHOD).header)).toMatchObject({ ok: false });

    now += 2001;
    expect(receiver.verify(METHOD, sender.sign(METHOD).header).ok).toBe(true);
  });

  it('proves replies to the sender only with the key', () => {
    const sender = new ClusterAuth(KEY, 'mbatchd');
    const sent = sender.sign(METHOD);
    const verdict = new ClusterAuth(KEY, 'sbatchd').verify(METHOD, sent.header);
    if (!verdict.ok) {
      throw new Error(verdict.reason);
    }
    const proof = new ClusterAuth(KEY, 'sbatchd').replyProof(METHOD, verdict.request);
    const forged = new ClusterAuth(OTHER_KEY, 'sbatchd').replyProof(METHOD, verdict.request);

    expect(sender.replyMatches(METHOD, sent, proof)).toBe(true);
    expect(sender.replyMatches(METHOD, sent, forged)).toBe(false);
    expect(sender.replyMatches(METHOD, sent, undefined)).toBe(false);
  });
});

describe('readClusterKey', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-key-'));
  const write = (name: string, text: string, mode: number): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    fs.chmodSync(file, mode);
    return file;
  };

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a key that only its owner may read', () => {
    expect(readClusterKey(write('good', `${'a'.repeat(64)}\n`, 0o600))).toEqual(
      Buffer.from('a'.repeat(64)),
    );
  });

  it('refuses a key others may read, a short key and a missing file', () => {
    expect(() => readClusterKey(write('open', 'a'.repeat(64), 0o644))).toThrow(
      /mode 644 lets other users read it/,
    );
    expect(() => readClusterKey(write('short', 'abc', 0o600))).toThrow(/shorter than 32 bytes/);
    expect(() => readClusterKey(path.join(dir, 'none'))).toThrow(ClusterKeyError);
  });
});

describe('cluster authentication over gRPC', () => {
  const log = winston.createLogger({ silent: true });
  const info = {
    clusterName: 'c',
    masterName: 'h1',
    hostName: 'h1',
    isMaster: true,
    version: 'v',
    masterSinceMs: 1,
  };
  const implementation = {
    getClusterInfo: (_call, callback) => callback(null, info),
    reportLoad: (call) => {
      call.on('data', () => call.write({ result: 1, masterName: 'h1' }));
      call.on('end', () => call.end());
    },
  } as Partial<LimServiceServer> as LimServiceServer;
  const servers: grpc.Server[] = [];
  const clients: LimServiceClient[] = [];

  /** A server as the daemons make it (grpc-server.ts), or one that checks nothing. */
  function serve(key: Buffer | null): Promise<number> {
    const daemonOnly = new Map([['/lavalite.v1.LimService/ReportLoad', 'lim' as const]]);
    const interceptors = key
      ? [clusterServerInterceptor(new ClusterAuth(key, 'lim'), daemonOnly, log)]
      : [];
    const server = new grpc.Server({ interceptors });
    server.addService(LimServiceService, implementation);
    servers.push(server);
    return new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
  }

  function client(port: number, key: Buffer | null, role: 'lim' | 'mbatchd' = 'lim') {
    const options = key ? daemonClientOptions(new ClusterAuth(key, role)) : {};
    const made = new LimServiceClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      options,
    );
    clients.push(made);
    return made;
  }

  function clusterInfo(target: LimServiceClient): Promise<grpc.ServiceError | null> {
    return new Promise((resolve) =>
      target.getClusterInfo({}, new grpc.Metadata(), { deadline: Date.now() + 3000 }, (error) =>
        resolve(error),
      ),
    );
  }

  function report(target: LimServiceClient): Promise<{ code: number; details: string }> {
    return new Promise((resolve) => {
      const stream = target.reportLoad({ deadline: Date.now() + 3000 });
      stream.on('data', () => {
        stream.cancel();
        resolve({ code: grpc.status.OK, details: '' });
      });
      stream.on('error', (error: grpc.ServiceError) =>
        resolve({ code: error.code, details: error.details }),
      );
      stream.write(ReportLoadRequest.fromPartial({ hostName: 'h2' }));
    });
  }

  afterAll(async () => {
    clients.forEach((made) => made.close());
    servers.forEach((server) => server.forceShutdown());
  });

  it('serves open methods to anyone, and daemon-only ones to the named daemon only', async () => {
    const port = await serve(KEY);

    expect(await clusterInfo(client(port, null))).toBeNull();
    expect(await clusterInfo(client(port, KEY))).toBeNull();
    expect(await report(client(port, KEY))).toEqual({ code: grpc.status.OK, details: '' });
    expect(await report(client(port, null))).toEqual({
      code: grpc.status.UNAUTHENTICATED,
      details: 'cluster authentication required',
    });
    expect(await report(client(port, OTHER_KEY))).toEqual({
      code: grpc.status.UNAUTHENTICATED,
      details: 'bad cluster authentication signature',
    });
    expect(await report(client(port, KEY, 'mbatchd'))).toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
      details: expect.stringContaining('accepts requests of lim only'),
    });
  });

  it('a daemon refuses the reply of a server that does not hold the key', async () => {
    const strangerPort = await serve(OTHER_KEY);
    const error = await clusterInfo(client(strangerPort, KEY));

    expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('a daemon refuses the reply of a server that checks nothing', async () => {
    const port = await serve(null);

    expect(await clusterInfo(client(port, null))).toBeNull();
    expect((await clusterInfo(client(port, KEY)))?.details).toBe(
      'reply to /lavalite.v1.LimService/GetClusterInfo is not from a daemon of this cluster',
    );
  });
});
