import { judgeDecoded, verifyMungeCredential } from '../src/munge';
import type { DecodeResponse } from '../src/munge-wire';
import { UserNames } from '../src/user-names';

const decoded = (status: number, error = ''): DecodeResponse => ({
  status,
  error,
  uid: 1001,
  gid: 50,
  payload: Buffer.alloc(0),
});

describe('judgeDecoded', () => {
  it('takes the user, uid and gid of a decoded credential', () => {
    expect(judgeDecoded(decoded(0), 'alice')).toEqual({
      ok: true,
      user: { name: 'alice', uid: 1001, gid: 50 },
    });
  });

  it('refuses an expired, rewound or replayed credential by its status, as unmunge does', () => {
    expect(judgeDecoded(decoded(17, 'Replayed credential'), undefined)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Replayed credential (17)',
    });
    expect(judgeDecoded(decoded(16, 'Rewound credential'), undefined)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Rewound credential (16)',
    });
  });

  it("refuses any other credential in munged's words, or by its status when it has none", () => {
    expect(judgeDecoded(decoded(9, 'Invalid credential version 0'), undefined)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Invalid credential version 0',
    });
    expect(judgeDecoded(decoded(14), undefined)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Invalid credential',
    });
  });

  it('refuses a success whose uid has no user name here', () => {
    expect(judgeDecoded(decoded(0), undefined)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: uid 1001 has no user name here',
    });
  });
});

describe('verifyMungeCredential', () => {
  it('refuses a missing or malformed credential without asking munged', async () => {
    const nowhere = '/nonexistent/munge.socket';
    const names = new UserNames();

    expect(await verifyMungeCredential(undefined, names, nowhere)).toEqual({
      ok: false,
      reason: 'no MUNGE credential in the request',
    });
    for (const credential of ['MUNGE', 'MUNGE:abc def:', `MUNGE:${'a'.repeat(5000)}:`, 'x;rm']) {
      expect(await verifyMungeCredential(credential, names, nowhere)).toEqual({
        ok: false,
        reason: 'malformed MUNGE credential',
      });
    }
  });

  it('says the credential could not be checked when munged does not answer', async () => {
    expect(await verifyMungeCredential('MUNGE:AwQ=:', new UserNames(), '/nonexistent/s')).toEqual({
      ok: false,
      reason:
        'cannot check the MUNGE credential: no answer from munged on /nonexistent/s: ' +
        'no such socket (is munged running?)',
    });
  });
});
