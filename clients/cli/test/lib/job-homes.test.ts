import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { homeDirectoryLookup, parsePasswd } from '../../src/lib/job-homes';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash',
  '# a comment',
  'broken:x:1',
  'alice:x:1001:1001::/elsewhere:/bin/sh',
  '',
].join('\n');

describe('parsePasswd', () => {
  it('maps each user to the sixth field and keeps the first entry of a name', () => {
    expect(parsePasswd(PASSWD)).toEqual(
      new Map([
        ['root', '/root'],
        ['alice', '/home/alice'],
      ]),
    );
  });
});

describe('homeDirectoryLookup', () => {
  it('knows the calling user without the file and others from it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-homes-'));
    const file = path.join(dir, 'passwd');
    fs.writeFileSync(file, 'carol:x:2000:2000::/u/carol:/bin/sh\n');
    const homeOf = homeDirectoryLookup(file);
    expect(homeOf(os.userInfo().username)).toBe(os.userInfo().homedir);
    expect(homeOf('carol')).toBe('/u/carol');
    expect(homeOf('nobody-here')).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });

  it('knows nobody else when the file cannot be read', () => {
    expect(homeDirectoryLookup('/nonexistent/passwd')('carol')).toBeUndefined();
  });
});
