import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  decodeRequestBody,
  encodeMessage,
  encodeRequestBody,
  MUNGE_HEADER_BYTES,
  MungeMessageType,
  MungeProtocolError,
  parseDecodeResponse,
  parseEncodeResponse,
  parseHeader,
  type DecodeResponse,
  type EncodeResponse,
} from './munge-wire';

/** Where Debian's munged listens unless started with --socket. */
export const DEFAULT_MUNGE_SOCKET = '/run/munge/munge.socket.2';

/*
 * libmunge's patience, kept so that a busy munged is treated as MUNGE's own tools treat it:
 * a full listen queue refuses connections at once and is retried with a growing pause, and
 * an exchange cut short is retried with its retry count raised, which tells munged that a
 * credential it has already seen is no replay.
 */
const CONNECT_ATTEMPTS = 10;
const CONNECT_PAUSE_MS = 50;
const EXCHANGE_ATTEMPTS = 5;
const EXCHANGE_PAUSE_MS = 10;
const EXCHANGE_TIMEOUT_MS = 2000;
/** Far above any reply to our requests (a credential is at most a few kilobytes). */
const MAX_REPLY_BYTES = 2 * 1024 * 1024;

/** munged gave no answer: it is not running, the socket is wrong, or the exchange failed. */
export class MungeSocketError extends Error {
  constructor(
    readonly socketPath: string,
    reason: string,
    options?: { cause: unknown },
  ) {
    super(`no answer from munged on ${socketPath}: ${reason}`, options);
    this.name = 'MungeSocketError';
  }
}

/** Asks munged for a credential of the calling process's uid and gid. */
export async function mungeEncode(socketPath = DEFAULT_MUNGE_SOCKET): Promise<EncodeResponse> {
  const body = encodeRequestBody();
  const { ENCODE_REQUEST, ENCODE_RESPONSE } = MungeMessageType;
  const reply = await transfer(socketPath, ENCODE_REQUEST, body, ENCODE_RESPONSE);
  return parseOrThrow(socketPath, () => parseEncodeResponse(reply));
}

/** Asks munged to decode a credential; a refusal is a status in the answer, not a throw. */
export async function mungeDecode(
  credential: string,
  socketPath = DEFAULT_MUNGE_SOCKET,
): Promise<DecodeResponse> {
  const body = decodeRequestBody(credential);
  const { DECODE_REQUEST, DECODE_RESPONSE } = MungeMessageType;
  const reply = await transfer(socketPath, DECODE_REQUEST, body, DECODE_RESPONSE);
  return parseOrThrow(socketPath, () => parseDecodeResponse(reply));
}

function parseOrThrow<T>(socketPath: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new MungeSocketError(socketPath, (error as Error).message, { cause: error });
  }
}

/** One request and its reply's body, over a connection of its own as libmunge does it. */
async function transfer(
  socketPath: string,
  type: MungeMessageType,
  body: Buffer,
  replyType: MungeMessageType,
): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    const socket = await connect(socketPath);
    try {
      return await exchange(socket, encodeMessage(type, body, attempt - 1), replyType);
    } catch (error) {
      if (attempt >= EXCHANGE_ATTEMPTS) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MungeSocketError(socketPath, reason, { cause: error });
      }
    } finally {
      socket.destroy();
    }
    await sleep(attempt * EXCHANGE_PAUSE_MS);
  }
}

async function connect(socketPath: string): Promise<net.Socket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const socket = net.createConnection(socketPath);
        socket.once('connect', () => {
          socket.off('error', reject);
          resolve(socket);
        });
        socket.once('error', reject);
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const busy = code === 'ECONNREFUSED' || code === 'EAGAIN';
      if (!busy || attempt >= CONNECT_ATTEMPTS) {
        throw new MungeSocketError(socketPath, connectFailure(code, error), { cause: error });
      }
    }
    await sleep(attempt * CONNECT_PAUSE_MS);
  }
}

function connectFailure(code: string | undefined, error: unknown): string {
  if (code === 'ENOENT') {
    return 'no such socket (is munged running?)';
  }
  return error instanceof Error ? error.message : String(error);
}

/** Sends a request and reads the header and body of the reply of the expected type. */
function exchange(
  socket: net.Socket,
  request: Buffer,
  replyType: MungeMessageType,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let bodyLength: number | undefined;

    socket.setTimeout(EXCHANGE_TIMEOUT_MS, () => reject(new Error('timed out')));
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('connection closed before the reply')));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      try {
        const reply = Buffer.concat(chunks, received);
        bodyLength ??= received >= MUNGE_HEADER_BYTES ? parseHeader(reply, replyType) : undefined;
        if (bodyLength !== undefined && bodyLength > MAX_REPLY_BYTES) {
          throw new MungeProtocolError(`${bodyLength}-byte reply`);
        }
        if (bodyLength !== undefined && received >= MUNGE_HEADER_BYTES + bodyLength) {
          resolve(reply.subarray(MUNGE_HEADER_BYTES, MUNGE_HEADER_BYTES + bodyLength));
        }
      } catch (error) {
        reject(error);
      }
    });
    socket.write(request);
  });
}
