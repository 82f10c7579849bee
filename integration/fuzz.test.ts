import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { ClusterAuth, REQUEST_HEADER, type DaemonRole } from '../services/common/src/cluster-auth';
import { LimServiceService } from '../services/common/src/generated/lavalite/v1/lim';
import { MbatchdServiceService } from '../services/common/src/generated/lavalite/v1/mbatchd';
import {
  SbatchdServiceService,
  StartJobRequest,
} from '../services/common/src/generated/lavalite/v1/sbatchd';
import { MUNGE_HEADER } from '../services/common/src/munge';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { waitFor } from './harness/processes';

jest.setTimeout(180_000);

interface Method {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
}

/** Every method of a service definition, as the generated code describes it. */
function methodsOf(service: Record<string, Method>): Method[] {
  return Object.values(service).map(({ path: p, requestStream, responseStream }) => ({
    path: p,
    requestStream,
    responseStream,
  }));
}

/** The daemon each daemon-only method accepts; a signed fuzz request passes as that one. */
const SIGNER: Record<string, DaemonRole> = {
  '/lavalite.v1.LimService/ReportLoad': 'lim',
  '/lavalite.v1.LimService/WatchHostStatus': 'mbatchd',
  '/lavalite.v1.MbatchdService/SbatchdChannel': 'sbatchd',
  '/lavalite.v1.SbatchdService/StartJob': 'mbatchd',
  '/lavalite.v1.SbatchdService/SignalJob': 'mbatchd',
};

/** Protobuf wire data: plausible field numbers with any wire type and any value. */
function wire(depth: number): fc.Arbitrary<Uint8Array> {
  const varint = (value: bigint): number[] => {
    const out: number[] = [];
    let rest = BigInt.asUintN(64, value);
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest > 0n) {
        byte |= 0x80;
      }
      out.push(byte);
    } while (rest > 0n);
    return out;
  };
  const lengthDelimited =
    depth > 0
      ? fc.oneof(fc.uint8Array({ maxLength: 300 }), wire(depth - 1))
      : fc.uint8Array({ maxLength: 300 });
  const field = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }))
      .map(([n, v]) => [...varint(BigInt(n << 3)), ...varint(v)]),
    fc
      .tuple(fc.integer({ min: 1, max: 40 }), lengthDelimited)
      .map(([n, bytes]) => [
        ...varint(BigInt((n << 3) | 2)),
        ...varint(BigInt(bytes.length)),
        ...bytes,
      ]),
    fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.uint8Array({ minLength: 8, maxLength: 8 }))
      .map(([n, bytes]) => [...varint(BigInt((n << 3) | 1)), ...bytes]),
    fc
      .tuple(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 7 }),
        fc.uint8Array({ maxLength: 12 }),
      )
      .map(([n, type, bytes]) => [...varint(BigInt((n << 3) | type)), ...bytes]),
  );
  return fc.array(field, { maxLength: 12 }).map((fields) => Uint8Array.from(fields.flat()));
}

/** A message that claims a huge length or carries a large repeated field. */
const oversized = fc.oneof(
  fc.constant(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])),
  fc.integer({ min: 1, max: 20 }).map((n) => {
    const ids = Buffer.alloc(200_000, 0x7f);
    return Uint8Array.from([...Buffer.from([(n << 3) | 2, 0xc0, 0x9a, 0x0c]), ...ids]);
  }),
);

type MetadataKind = 'none' | 'junk' | 'signed' | 'user';

/**
 * Many random and malformed messages to every method of every daemon, plain, with junk
 * credentials, signed with the cluster key and with a user's MUNGE credential, so that the
 * checks behind authentication are reached too; afterwards every daemon must still be up and
 * answering. Hosts stay closed, and signed starts run `true` as nobody, so nothing the fuzzer
 * sends can run anything that matters.
 */
describe('fuzzing every service of every daemon', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });
  const [master, other] = cluster.hosts;
  const limPort = cluster.limPort;
  const targets = [
    ...cluster.hosts.flatMap((host) =>
      methodsOf(LimServiceService).map((method) => ({
        method,
        target: `${host.address}:${limPort}`,
      })),
    ),
    ...methodsOf(MbatchdServiceService).map((method) => ({
      method,
      target: `${master.address}:${limPort + 1}`,
    })),
    ...cluster.hosts.flatMap((host) =>
      methodsOf(SbatchdServiceService).map((method) => ({
        method,
        target: `${host.address}:${limPort + 2}`,
      })),
    ),
  ];
  const clients = new Map<string, grpc.Client>();
  let key: Buffer;

  beforeAll(async () => {
    await cluster.startAll();
    expect((await cluster.command('badmin', ['hclose', 'all'])).code).toBe(0);
    key = Buffer.from(fs.readFileSync(path.join(cluster.envDir, 'cluster.key'), 'utf8').trim());
  }, 30_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await cluster.teardown();
  });

  function client(target: string): grpc.Client {
    let made = clients.get(target);
    if (!made) {
      made = new grpc.Client(target, grpc.credentials.createInsecure(), {
        'grpc.max_send_message_length': 32 * 1024 * 1024,
      });
      clients.set(target, made);
    }
    return made;
  }

  function metadataFor(kind: MetadataKind, method: Method, junk: string): grpc.Metadata {
    const metadata = new grpc.Metadata();
    if (kind === 'junk') {
      metadata.set(REQUEST_HEADER, junk);
      metadata.set(MUNGE_HEADER, junk);
    } else if (kind === 'signed') {
      const role = SIGNER[method.path] ?? 'lim';
      metadata.set(REQUEST_HEADER, new ClusterAuth(key, role).sign(method.path).header);
    } else if (kind === 'user') {
      const credential = execFileSync('runuser', ['-u', 'nobody', '--', 'munge', '-n']);
      metadata.set(MUNGE_HEADER, credential.toString('utf8').trim());
    }
    return metadata;
  }

  /** A signed start request can run as nobody only, and only `true`. */
  function harmless(method: Method, kind: MetadataKind, message: Uint8Array): Uint8Array {
    if (kind !== 'signed' || method.path !== '/lavalite.v1.SbatchdService/StartJob') {
      return message;
    }
    try {
      const request = StartJobRequest.decode(message);
      const tamed = { ...request, command: 'true', user: 'nobody', uid: 65534, gid: 65534 };
      return StartJobRequest.encode(tamed).finish();
    } catch {
      return message;
    }
  }

  function send(target: string, method: Method, message: Uint8Array, metadata: grpc.Metadata) {
    const raw = (buffer: Buffer): Buffer => buffer;
    const body = Buffer.from(message);
    const options = { deadline: Date.now() + 2000 };
    const made = client(target);
    return new Promise<void>((resolve) => {
      if (!method.requestStream && !method.responseStream) {
        made.makeUnaryRequest(method.path, raw, raw, body, metadata, options, () => resolve());
        return;
      }
      const stream = method.requestStream
        ? made.makeBidiStreamRequest(method.path, raw, raw, metadata, options)
        : made.makeServerStreamRequest(method.path, raw, raw, body, metadata, options);
      const done = (): void => {
        stream.cancel();
        resolve();
      };
      stream.on('data', () => undefined);
      stream.on('error', () => resolve());
      stream.on('end', () => resolve());
      setTimeout(done, 300);
      if (method.requestStream) {
        const writable = stream as grpc.ClientDuplexStream<Buffer, Buffer>;
        writable.write(body);
        writable.write(body);
        writable.end();
      }
    });
  }

  it('every daemon is still up and answering after many random and malformed messages', async () => {
    const message = fc.oneof(
      { arbitrary: wire(2), weight: 6 },
      { arbitrary: fc.uint8Array({ maxLength: 2048 }), weight: 3 },
      { arbitrary: oversized, weight: 1 },
    );
    const kind = fc.constantFrom<MetadataKind>('none', 'junk', 'signed', 'user');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: targets.length - 1 }),
        message,
        kind,
        fc.string({ maxLength: 200 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
        async (index, body, metadataKind, junk) => {
          const { method, target } = targets[index];
          const metadata = metadataFor(metadataKind, method, junk);
          await send(target, method, harmless(method, metadataKind, body), metadata);
        },
      ),
      { numRuns: 1500 },
    );

    for (const kind of ['lim', 'mbatchd', 'sbatchd'] as const) {
      for (const host of kind === 'mbatchd' ? [master] : [master, other]) {
        expect(cluster.daemon(kind, host).running).toBe(true);
      }
    }
    const load = await cluster.command('lsload');
    expect(load.stdout).toMatch(/^host2\s+ok/m);
    expect(load.stdout).toMatch(/^host3\s+ok/m);
    expect((await cluster.command('badmin', ['hopen', 'all'])).code).toBe(0);
    await waitFor('both hosts ok in bhosts', async () => {
      const result = await cluster.command('bhosts');
      return (result.stdout.match(/^host\d\s+ok\s/gm) ?? []).length === 2;
    });
    for (const host of cluster.hosts) {
      const id = await submit(cluster, ['-m', host.name, 'echo', 'still', 'working']);
      await waitForState(cluster, id, 'DONE');
    }
  });
});
