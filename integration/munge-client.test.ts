import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { mungeCredential, verifyMungeCredential } from '../services/common/src/munge';
import { mungeDecode } from '../services/common/src/munge-client';
import { UserNames } from '../services/common/src/user-names';

/**
 * Our client of munged's socket against the machine's munged and MUNGE's own tools: what one
 * encodes the other decodes, with the same uid, gid, payload and refusals.
 */
describe('munge client with the real munged', () => {
  const me = os.userInfo();
  const nobody = {
    uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
  };

  it("makes a credential that MUNGE's unmunge decodes to the calling user", async () => {
    const credential = await mungeCredential();

    const output = execFileSync('unmunge', ['--keys=STATUS,UID,GID', '--numeric'], {
      input: credential,
      encoding: 'utf8',
    });
    expect(output).toMatch(/^STATUS:\s+0$/m);
    expect(output).toMatch(new RegExp(`^UID:\\s+${me.uid}$`, 'm'));
    expect(output).toMatch(new RegExp(`^GID:\\s+${me.gid}$`, 'm'));
  });

  it("decodes another user's credential from MUNGE's munge, with its payload", async () => {
    const credential = execFileSync('runuser', ['-u', 'nobody', '--', 'munge'], {
      input: 'the payload',
      encoding: 'utf8',
    }).trim();

    expect(await mungeDecode(credential)).toEqual({
      status: 0,
      error: '',
      uid: nobody.uid,
      gid: nobody.gid,
      payload: Buffer.from('the payload'),
    });
  });

  it('proves the user once and refuses the same credential replayed', async () => {
    const names = new UserNames();
    const credential = await mungeCredential();

    expect(await verifyMungeCredential(credential, names)).toEqual({
      ok: true,
      user: { name: me.username, uid: me.uid, gid: me.gid },
    });
    expect(await verifyMungeCredential(credential, names)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Replayed credential (17)',
    });
  });

  it("refuses a forged credential in munged's words", async () => {
    const real = await mungeCredential();
    const middle = Math.floor(real.length / 2);
    const forged =
      real.slice(0, middle) + (real[middle] === 'A' ? 'B' : 'A') + real.slice(middle + 1);

    const verdict = await verifyMungeCredential(forged, new UserNames());

    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(/^MUNGE credential refused: /),
    });
  });

  it('decodes many credentials at once', async () => {
    const credentials = await Promise.all(Array.from({ length: 500 }, () => mungeCredential()));
    const names = new UserNames();

    const verdicts = await Promise.all(credentials.map((c) => verifyMungeCredential(c, names)));

    expect(verdicts.filter((verdict) => !verdict.ok)).toEqual([]);
  });
});
