import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnknownUserError } from '../../src/domain/errors';
import { lookupUser, parsePasswd } from '../../src/domain/user-entry';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'broken line',
  'alice:x:1001:100:Alice:/home/alice:/bin/sh',
  'bob:x:1002:100::/home/bob:/bin/sh',
  '',
].join('\n');

let file: string;

beforeAll(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-passwd-')), 'passwd');
  fs.writeFileSync(file, PASSWD);
});

afterAll(() => {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

describe('lookupUser', () => {
  it('finds the user by name, whatever uid the request carries', () => {
    expect(lookupUser('alice', 4242, file)).toEqual({
      name: 'alice',
      uid: 1001,
      gid: 100,
      home: '/home/alice',
    });
  });

  it('finds the user by uid when the request names none', () => {
    expect(lookupUser('', 1002, file).name).toBe('bob');
  });

  it('throws UnknownUserError for a user no name service knows', () => {
    expect(() => lookupUser('no-such-user-lavalite', 4242, file)).toThrow(UnknownUserError);
    expect(() => lookupUser('no-such-user-lavalite', 4242, file)).toThrow(
      'no such user: no-such-user-lavalite',
    );
  });
});

describe('parsePasswd', () => {
  it('skips malformed lines', () => {
    expect(parsePasswd(PASSWD).map((entry) => entry.name)).toEqual(['root', 'alice', 'bob']);
  });
});
