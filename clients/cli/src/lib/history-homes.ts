import fs from 'node:fs';
import os from 'node:os';

const PASSWD = '/etc/passwd';

/** Home directories by user name from passwd-format text (`name:x:uid:gid:gecos:home:shell`). */
export function parsePasswdHomes(text: string): Map<string, string> {
  const homes = new Map<string, string>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    // The first entry for a name wins, as getpwnam() finds it.
    if (fields.length >= 7 && !line.startsWith('#') && !homes.has(fields[0])) {
      homes.set(fields[0], fields[5]);
    }
  }
  return homes;
}

/**
 * The home directories of the given users, so bhist can show `CWD <$HOME/...>`. The local
 * password file is read; the caller's own home comes from the process, which also covers a
 * caller known only to a directory service. Users found in neither are simply left out.
 */
export function homeDirectories(users: readonly string[]): Map<string, string> {
  let known: Map<string, string>;
  try {
    known = parsePasswdHomes(fs.readFileSync(PASSWD, 'utf8'));
  } catch {
    known = new Map();
  }
  const me = os.userInfo();
  known.set(me.username, me.homedir);

  const homes = new Map<string, string>();
  for (const user of users) {
    const home = known.get(user);
    if (home !== undefined) {
      homes.set(user, home);
    }
  }
  return homes;
}
