import os from 'node:os';
import { homeDirectories, parsePasswdHomes } from '../../src/lib/history-homes';

describe('parsePasswdHomes', () => {
  it('maps each user to the sixth field and skips comments and short lines', () => {
    const text =
      'root:x:0:0:root:/root:/bin/bash\n' +
      '# a comment:x:1:1::/nowhere:/bin/sh\n' +
      'broken:line\n' +
      'alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n';
    expect([...parsePasswdHomes(text)]).toEqual([
      ['root', '/root'],
      ['alice', '/home/alice'],
    ]);
  });
});

describe('homeDirectories', () => {
  it("knows the caller's home and leaves out users it cannot find", () => {
    const me = os.userInfo();
    const homes = homeDirectories([me.username, 'no-such-user-lavalite']);
    expect([...homes]).toEqual([[me.username, me.homedir]]);
  });
});
