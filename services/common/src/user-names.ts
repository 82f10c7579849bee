import { execFile } from 'node:child_process';

const GETENT_TIMEOUT_MS = 3000;
/** How long a name found is trusted, as nscd would; a rename shows after at most this. */
const DEFAULT_TTL_MS = 60_000;

/**
 * The user name of a uid, as getpwuid() finds it (`getent passwd`, so LDAP and SSSD users
 * too). Names found are kept for a while so that a stream of requests from one user costs
 * one lookup; a uid with no name is asked again each time, so a user just added is known.
 */
export class UserNames {
  private readonly known = new Map<number, { name: Promise<string | undefined>; until: number }>();

  constructor(private readonly ttlMs = DEFAULT_TTL_MS) {}

  nameOf(uid: number): Promise<string | undefined> {
    const now = Date.now();
    const cached = this.known.get(uid);
    if (cached && cached.until > now) {
      return cached.name;
    }

    // Requests that arrive while the lookup runs share it.
    const name = getentName(uid);
    this.known.set(uid, { name, until: now + this.ttlMs });
    void name.then((found) => {
      if (found === undefined) {
        this.known.delete(uid);
      }
    });
    return name;
  }
}

function getentName(uid: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'getent',
      ['passwd', String(uid)],
      { encoding: 'utf8', timeout: GETENT_TIMEOUT_MS },
      (error, stdout) => {
        const [name, , id] = stdout.split('\n')[0].split(':');
        resolve(!error && name && id === String(uid) ? name : undefined);
      },
    );
  });
}

/** Whether the user name is known to this host's user database (`getent passwd NAME`). */
export function userExists(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('getent', ['passwd', '--', name], { timeout: GETENT_TIMEOUT_MS }, (error) =>
      resolve(!error),
    );
  });
}
