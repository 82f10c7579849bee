/**
 * The messages munged exchanges on its Unix socket (MUNGE 0.5.x, message format version 4).
 * Every message is an 11-byte header (magic, version, type, retry, body length) and a body of
 * fixed-width big-endian integers and length-prefixed byte strings. Strings munged sends end
 * in a NUL, which is counted in their length and dropped here.
 */

/** The header's sentinel: "MUNGE" read as base-26 digits. */
export const MUNGE_MAGIC = 0x00606d4b;
export const MUNGE_MESSAGE_VERSION = 4;
export const MUNGE_HEADER_BYTES = 11;

/** Message types; the numbers are munged's. */
export enum MungeMessageType {
  ENCODE_REQUEST = 2,
  ENCODE_RESPONSE = 3,
  DECODE_REQUEST = 4,
  DECODE_RESPONSE = 5,
}

/** munged's status numbers that callers act on; the others are reported in munged's words. */
export enum MungeStatus {
  SUCCESS = 0,
  CRED_EXPIRED = 15,
  CRED_REWOUND = 16,
  CRED_REPLAYED = 17,
}

/** munge_strerror()'s text for each status number, as `unmunge` prints it. */
const STATUS_TEXT = [
  'Success',
  'Internal error',
  'Invalid argument',
  'Exceeded maximum message length',
  'Buffer overflow',
  'Out of memory',
  'Socket communication error',
  'Socket timeout',
  'Invalid credential format',
  'Invalid credential version',
  'Invalid cipher type',
  'Invalid MAC type',
  'Invalid compression type',
  'Unrecognized security realm',
  'Invalid credential',
  'Expired credential',
  'Rewound credential',
  'Replayed credential',
  'Unauthorized credential',
];

export function mungeStatusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Unknown error';
}

/** "Leave it to munged" values of an encode request: its cipher, MAC, compression and ttl. */
const DAEMON_DEFAULT = 1;
const DEFAULT_TTL = 0;
/** A credential anyone may decode (uid and gid restriction -1). */
const ANY_ID = 0xffffffff;

/** What munged answers to an encode request. */
export interface EncodeResponse {
  readonly status: number;
  readonly error: string;
  readonly credential: string;
}

/** What munged answers to a decode request; ids and payload come with some refusals too. */
export interface DecodeResponse {
  readonly status: number;
  readonly error: string;
  readonly uid: number;
  readonly gid: number;
  readonly payload: Buffer;
}

/** A message that does not follow munged's format (a truncated body, another version). */
export class MungeProtocolError extends Error {
  constructor(reason: string) {
    super(`unexpected message from munged: ${reason}`);
    this.name = 'MungeProtocolError';
  }
}

/** A whole request: header and body. `retry` counts earlier attempts of the same request. */
export function encodeMessage(type: MungeMessageType, body: Buffer, retry = 0): Buffer {
  const header = Buffer.alloc(MUNGE_HEADER_BYTES);
  header.writeUInt32BE(MUNGE_MAGIC, 0);
  header.writeUInt8(MUNGE_MESSAGE_VERSION, 4);
  header.writeUInt8(type, 5);
  header.writeUInt8(retry, 6);
  header.writeUInt32BE(body.length, 7);
  return Buffer.concat([header, body]);
}

/** The body of a request for a credential with munged's defaults, no realm and no payload. */
export function encodeRequestBody(): Buffer {
  const body = Buffer.alloc(20);
  body.writeUInt8(DAEMON_DEFAULT, 0);
  body.writeUInt8(DAEMON_DEFAULT, 1);
  body.writeUInt8(DAEMON_DEFAULT, 2);
  body.writeUInt8(0, 3); // no realm
  body.writeUInt32BE(DEFAULT_TTL, 4);
  body.writeUInt32BE(ANY_ID, 8);
  body.writeUInt32BE(ANY_ID, 12);
  body.writeUInt32BE(0, 16);
  return body;
}

/** The body of a request to decode a credential, which munged reads as a C string. */
export function decodeRequestBody(credential: string): Buffer {
  const text = Buffer.from(`${credential}\0`, 'latin1');
  const body = Buffer.alloc(4 + text.length);
  body.writeUInt32BE(text.length, 0);
  text.copy(body, 4);
  return body;
}

/** Reads a response header and answers the length of the body that follows it. */
export function parseHeader(header: Buffer, expected: MungeMessageType): number {
  const reader = new Reader(header);
  const magic = reader.u32();
  const version = reader.u8();
  const type = reader.u8();
  reader.u8();
  const length = reader.u32();
  if (magic !== MUNGE_MAGIC) {
    throw new MungeProtocolError(`magic 0x${magic.toString(16)}`);
  }
  if (version !== MUNGE_MESSAGE_VERSION) {
    throw new MungeProtocolError(`message version ${version}, not ${MUNGE_MESSAGE_VERSION}`);
  }
  if (type !== expected) {
    throw new MungeProtocolError(`message type ${type}, not ${expected}`);
  }
  return length;
}

export function parseEncodeResponse(body: Buffer): EncodeResponse {
  const reader = new Reader(body);
  const status = reader.u8();
  const error = reader.text(reader.u8());
  const credential = reader.text(reader.u32());
  reader.end();
  return { status, error, credential };
}

export function parseDecodeResponse(body: Buffer): DecodeResponse {
  const reader = new Reader(body);
  const status = reader.u8();
  const error = reader.text(reader.u8());
  reader.bytes(3); // cipher, MAC and compression: munged has checked them
  reader.bytes(reader.u8()); // realm
  reader.bytes(4); // ttl
  reader.bytes(reader.u8()); // the address of the host that made the credential
  reader.bytes(8); // when it was made and decoded: munged has judged its age
  const uid = reader.u32();
  const gid = reader.u32();
  reader.bytes(8); // the uid and gid allowed to decode it
  const payload = reader.bytes(reader.u32());
  reader.end();
  return { status, error, uid, gid, payload };
}

/** Reads fields in order, refusing to read past the end or to leave bytes unread. */
class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  u8(): number {
    return this.bytes(1).readUInt8(0);
  }

  u32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  bytes(length: number): Buffer {
    if (this.offset + length > this.buffer.length) {
      throw new MungeProtocolError(`${this.buffer.length}-byte message cut short`);
    }
    const field = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return field;
  }

  text(length: number): string {
    const field = this.bytes(length);
    const end = field.length > 0 && field[field.length - 1] === 0 ? field.length - 1 : field.length;
    return field.toString('utf8', 0, end);
  }

  end(): void {
    if (this.offset !== this.buffer.length) {
      throw new MungeProtocolError(`${this.buffer.length - this.offset} bytes left over`);
    }
  }
}
