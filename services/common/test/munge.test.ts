import { parseUnmungeOutput, verifyMungeCredential } from '../src/munge';

describe('parseUnmungeOutput', () => {
  it('takes the user, uid and gid of a decoded credential', () => {
    const output =
      'STATUS:          Success (0)\nUID:             alice (1001)\nGID:             staff (50)\n';

    expect(parseUnmungeOutput(output, 0)).toEqual({
      ok: true,
      user: { name: 'alice', uid: 1001, gid: 50 },
    });
  });

  it("refuses a credential munged did not accept, in unmunge's words", () => {
    const replayed =
      'STATUS:          Replayed credential (17)\nUID:   root (0)\nGID:   root (0)\n';
    const invalid = 'unmunge: Error: Invalid credential version 0\n';

    expect(parseUnmungeOutput(replayed, 17)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Replayed credential (17)',
    });
    expect(parseUnmungeOutput(invalid, 9)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: Invalid credential version 0',
    });
  });

  it('refuses a success without ids, or with a uid that has no name', () => {
    expect(parseUnmungeOutput('STATUS: Success (0)\n', 0)).toMatchObject({ ok: false });
    expect(parseUnmungeOutput('STATUS: Success (0)\nUID: ? (4242)\nGID: ? (4242)\n', 0)).toEqual({
      ok: false,
      reason: 'MUNGE credential refused: uid 4242 has no user name here',
    });
  });
});

describe('verifyMungeCredential', () => {
  it('refuses a missing or malformed credential without asking munged', async () => {
    expect(await verifyMungeCredential(undefined)).toEqual({
      ok: false,
      reason: 'no MUNGE credential in the request',
    });
    for (const credential of ['MUNGE', 'MUNGE:abc def:', `MUNGE:${'a'.repeat(5000)}:`, 'x;rm']) {
      expect(await verifyMungeCredential(credential)).toEqual({
        ok: false,
        reason: 'malformed MUNGE credential',
      });
    }
  });
});
