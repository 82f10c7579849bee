import { execFileSync, spawn } from 'node:child_process';

/** Metadata that carries a command's MUNGE credential to mbatchd. */
export const MUNGE_HEADER = 'x-lavalite-munge';

/** A credential longer than this is not MUNGE's (an empty one encodes to about 130 bytes). */
export const MAX_CREDENTIAL_BYTES = 4096;
const CREDENTIAL = /^MUNGE:[A-Za-z0-9+/=:_-]+$/;
const UNMUNGE_TIMEOUT_MS = 5000;

/** The user MUNGE vouches for. */
export interface MungeUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export type MungeVerdict = { ok: true; user: MungeUser } | { ok: false; reason: string };

/** Why a command could not get a credential (munged not running, munge not installed). */
export class MungeError extends Error {
  constructor(reason: string) {
    super(`cannot get a MUNGE credential: ${reason}`);
    this.name = 'MungeError';
  }
}

/**
 * A fresh credential for the calling process's uid and gid, from the local munged. Each request
 * needs its own: munged refuses a credential decoded twice.
 */
export function mungeCredential(): string {
  try {
    const text = execFileSync('munge', ['--no-input'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: UNMUNGE_TIMEOUT_MS,
    });
    return text.trim();
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new MungeError((failure.stderr || failure.message).trim().replace(/^munge: /, ''));
  }
}

/**
 * Decodes a credential with `unmunge` and answers the user it proves, or why it proves
 * nothing: missing, malformed, forged, expired, replayed (munged remembers what it decoded).
 */
export async function verifyMungeCredential(credential: string | undefined): Promise<MungeVerdict> {
  if (credential === undefined || credential === '') {
    return { ok: false, reason: 'no MUNGE credential in the request' };
  }
  if (credential.length > MAX_CREDENTIAL_BYTES || !CREDENTIAL.test(credential)) {
    return { ok: false, reason: 'malformed MUNGE credential' };
  }
  const { code, output } = await runUnmunge(credential);
  return parseUnmungeOutput(output, code);
}

/**
 * Reads unmunge's metadata (`STATUS: Success (0)`, `UID: alice (1001)`, `GID: staff (50)`).
 * Only a success with both ids counts; anything else is refused with unmunge's own words.
 */
export function parseUnmungeOutput(output: string, exitCode: number | null): MungeVerdict {
  const field = (key: string): string | undefined =>
    new RegExp(`^${key}:\\s+(.*)$`, 'm').exec(output)?.[1]?.trim();
  const status = field('STATUS');
  if (exitCode !== 0 || status === undefined || !status.startsWith('Success')) {
    const error = /Error: (.*)$/m.exec(output)?.[1]?.trim();
    return {
      ok: false,
      reason: `MUNGE credential refused: ${error ?? status ?? 'unmunge failed'}`,
    };
  }

  const uid = /^(\S*)\s*\((\d+)\)$/.exec(field('UID') ?? '');
  const gid = /^(\S*)\s*\((\d+)\)$/.exec(field('GID') ?? '');
  if (!uid || !gid) {
    return { ok: false, reason: 'MUNGE credential refused: no uid or gid in it' };
  }
  if (uid[1] === '' || uid[1] === '?') {
    return { ok: false, reason: `MUNGE credential refused: uid ${uid[2]} has no user name here` };
  }
  return { ok: true, user: { name: uid[1], uid: Number(uid[2]), gid: Number(gid[2]) } };
}

function runUnmunge(credential: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('unmunge', ['--keys=STATUS,UID,GID', '--output=/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: UNMUNGE_TIMEOUT_MS,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      if (output.length < 64 * 1024) {
        output += chunk.toString('utf8');
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: null, output: `Error: ${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(credential);
  });
}
