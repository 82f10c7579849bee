import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MungeSocketError, mungeDecode, mungeEncode } from '../src/munge-client';
import { encodeMessage, MungeMessageType } from '../src/munge-wire';

/*
 * The client against a socket that misbehaves as munged never should: the real munged is
 * exercised by integration/munge-client.test.ts.
 */

let dir: string;
let server: net.Server | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'munge-client-'));
});

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Listens on a socket in the test's directory and answers each request with `reply`. */
async function listen(reply: (request: Buffer, socket: net.Socket) => void): Promise<string> {
  const socketPath = path.join(dir, 'socket');
  server = net.createServer((socket) => socket.once('data', (request) => reply(request, socket)));
  await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
  return socketPath;
}

const REPLY_BODY = Buffer.from(
  '0000' +
    '04050000' +
    '0000012c' +
    '047f000001' +
    '6b12a09a6b12a09a' +
    '000003e9' +
    '00000032' +
    'ffffffffffffffff' +
    '00000002' +
    '6869',
  'hex',
);

describe('munge client', () => {
  it('reads a reply that arrives in pieces', async () => {
    const socketPath = await listen((_request, socket) => {
      const reply = encodeMessage(MungeMessageType.DECODE_RESPONSE, REPLY_BODY);
      socket.write(reply.subarray(0, 5));
      setTimeout(() => socket.end(reply.subarray(5)), 20);
    });

    expect(await mungeDecode('MUNGE:x:', socketPath)).toEqual({
      status: 0,
      error: '',
      uid: 1001,
      gid: 50,
      payload: Buffer.from('hi'),
    });
  });

  it('retries an exchange cut short five times, telling munged each retry', async () => {
    const retries: number[] = [];
    const socketPath = await listen((request, socket) => {
      retries.push(request[6]);
      socket.destroy();
    });

    const failure = mungeDecode('MUNGE:x:', socketPath);

    await expect(failure).rejects.toThrow(MungeSocketError);
    await expect(failure).rejects.toThrow(
      `no answer from munged on ${socketPath}: connection closed before the reply`,
    );
    expect(retries).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a reply in another message version', async () => {
    const socketPath = await listen((_request, socket) => {
      const reply = encodeMessage(MungeMessageType.ENCODE_RESPONSE, Buffer.alloc(6));
      reply[4] = 3;
      socket.end(reply);
    });

    await expect(mungeEncode(socketPath)).rejects.toThrow(
      'unexpected message from munged: message version 3, not 4',
    );
  });

  it('says munged is not running when nothing listens on the socket path', async () => {
    const socketPath = path.join(dir, 'none');

    await expect(mungeEncode(socketPath)).rejects.toThrow(
      `no answer from munged on ${socketPath}: no such socket (is munged running?)`,
    );
  });
});
