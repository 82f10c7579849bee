import {
  decodeRequestBody,
  encodeMessage,
  encodeRequestBody,
  MungeMessageType,
  MungeProtocolError,
  mungeStatusText,
  parseDecodeResponse,
  parseEncodeResponse,
  parseHeader,
} from '../src/munge-wire';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** A decode reply munged 0.5.15 sent for a replayed credential of root, without its header. */
const REPLAYED = hex(`
  11 14 5265706c617965642063726564656e7469616c00
  04 05 00 00 0000012c 04 7f000001 6b12a09a 6b12a09a
  00000000 00000000 ffffffff ffffffff 00000000`);

describe('encodeMessage', () => {
  it('prefixes the body with magic, version 4, type, retry count and body length', () => {
    const message = encodeMessage(MungeMessageType.DECODE_REQUEST, Buffer.from('abc'), 2);

    expect(message.toString('hex')).toBe('00606d4b' + '04' + '04' + '02' + '00000003' + '616263');
  });
});

describe('request bodies', () => {
  it("asks for munged's defaults, no realm and no payload, for anyone to decode", () => {
    expect(encodeRequestBody().toString('hex')).toBe(
      '01' + '01' + '01' + '00' + '00000000' + 'ffffffff' + 'ffffffff' + '00000000',
    );
  });

  it('sends a credential to decode as a NUL-terminated string with its length', () => {
    expect(decodeRequestBody('MUNGE:ab:').toString('hex')).toBe(
      '0000000a' + Buffer.from('MUNGE:ab:\0').toString('hex'),
    );
  });
});

describe('parseHeader', () => {
  const header = (magic: number, version: number, type: number): Buffer => {
    const bytes = Buffer.alloc(11);
    bytes.writeUInt32BE(magic, 0);
    bytes.writeUInt8(version, 4);
    bytes.writeUInt8(type, 5);
    bytes.writeUInt32BE(43, 7);
    return bytes;
  };

  it('answers the length of the body that follows', () => {
    const reply = header(0x00606d4b, 4, MungeMessageType.DECODE_RESPONSE);

    expect(parseHeader(reply, MungeMessageType.DECODE_RESPONSE)).toBe(43);
  });

  it('refuses another magic, another version or another type than the one awaited', () => {
    const expected = MungeMessageType.DECODE_RESPONSE;

    expect(() => parseHeader(header(0x1234, 4, expected), expected)).toThrow(
      'unexpected message from munged: magic 0x1234',
    );
    expect(() => parseHeader(header(0x00606d4b, 3, expected), expected)).toThrow(
      'unexpected message from munged: message version 3, not 4',
    );
    expect(() => parseHeader(header(0x00606d4b, 4, 3), expected)).toThrow(MungeProtocolError);
  });
});

describe('parseDecodeResponse', () => {
  it("reads munged's status, its words, the uid and gid and the payload", () => {
    expect(parseDecodeResponse(REPLAYED)).toEqual({
      status: 17,
      error: 'Replayed credential',
      uid: 0,
      gid: 0,
      payload: Buffer.alloc(0),
    });
  });

  it('reads a payload and ids above 2^31', () => {
    const reply = Buffer.concat([
      REPLAYED.subarray(0, REPLAYED.length - 20),
      hex('fffffffe 000003e9 ffffffff ffffffff 00000005'),
      Buffer.from('hello'),
    ]);

    expect(parseDecodeResponse(reply)).toMatchObject({
      uid: 4294967294,
      gid: 1001,
      payload: Buffer.from('hello'),
    });
  });

  it('refuses a body cut short or with bytes left over', () => {
    expect(() => parseDecodeResponse(REPLAYED.subarray(0, 30))).toThrow(
      'unexpected message from munged: 30-byte message cut short',
    );
    expect(() => parseDecodeResponse(Buffer.concat([REPLAYED, hex('00')]))).toThrow(
      'unexpected message from munged: 1 bytes left over',
    );
  });
});

describe('parseEncodeResponse', () => {
  it('reads the credential without its NUL', () => {
    const credential = Buffer.from('MUNGE:AwQ=:\0');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(credential.length);

    expect(parseEncodeResponse(Buffer.concat([hex('00 00'), length, credential]))).toEqual({
      status: 0,
      error: '',
      credential: 'MUNGE:AwQ=:',
    });
  });
});

describe('mungeStatusText', () => {
  it("names a status as munge_strerror() does, and an unknown one as 'Unknown error'", () => {
    expect(mungeStatusText(15)).toBe('Expired credential');
    expect(mungeStatusText(99)).toBe('Unknown error');
  });
});
