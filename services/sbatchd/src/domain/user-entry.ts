import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { UnknownUserError } from './errors';

/** The passwd facts of the user a job runs as. */
export interface UserEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

const GETENT_TIMEOUT_MS = 3000;

/**
 * Finds the job's user by name, or by uid when the name is empty. /etc/passwd is read first:
 * it is cheap and serves most hosts; `getent` then asks the other name services (LDAP,
 * SSSD), at the price of a process, only for users the file does not hold.
 */
export function lookupUser(name: string, uid: number, passwdFile = '/etc/passwd'): UserEntry {
  const matches = (entry: UserEntry): boolean =>
    name === '' ? entry.uid === uid : entry.name === name;
  const found =
    parsePasswd(readIfPresent(passwdFile)).find(matches) ??
    parsePasswd(getent(name === '' ? String(uid) : name)).find(matches);
  if (!found) {
    throw new UnknownUserError(name, uid);
  }
  return found;
}

/** Parses passwd lines (`name:x:uid:gid:gecos:home:shell`), skipping malformed ones. */
export function parsePasswd(text: string): UserEntry[] {
  const entries: UserEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 7 && /^\d+$/.test(fields[2]) && /^\d+$/.test(fields[3])) {
      entries.push({ name: fields[0], uid: +fields[2], gid: +fields[3], home: fields[5] });
    }
  }
  return entries;
}

function readIfPresent(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function getent(key: string): string {
  try {
    return execFileSync('getent', ['passwd', key], {
      encoding: 'utf8',
      timeout: GETENT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}
