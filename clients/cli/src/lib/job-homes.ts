import fs from 'node:fs';
import os from 'node:os';

/**
 * Home directories by user name, read from the passwd file. `bjobs -l` shows a job's CWD
 * relative to its owner's home, and JobRecord does not carry the home.
 */
export function parsePasswd(text: string): Map<string, string> {
  const homes = new Map<string, string>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 7 && fields[0] !== '' && !homes.has(fields[0])) {
      homes.set(fields[0], fields[5]);
    }
  }
  return homes;
}

/**
 * A lookup that knows the calling user from the system and others from /etc/passwd, read once
 * and only when someone else's job is shown; users known only to a directory service stay
 * unknown.
 */
export function homeDirectoryLookup(
  passwdPath = '/etc/passwd',
): (user: string) => string | undefined {
  const self = os.userInfo();
  let homes: Map<string, string> | undefined;
  return (user) => {
    if (user === self.username) {
      return self.homedir;
    }
    if (homes === undefined) {
      try {
        homes = parsePasswd(fs.readFileSync(passwdPath, 'utf8'));
      } catch {
        homes = new Map();
      }
    }
    return homes.get(user);
  };
}
