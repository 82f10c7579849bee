import { execFileSync } from 'node:child_process';
import type { TestCluster } from './cluster';
import { CommandResult, run } from './processes';

/** A real Unix user the security tests create and remove. */
export interface UnixUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

function text(program: string, args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8' }).trim();
}

function exists(database: 'passwd' | 'group', name: string): boolean {
  try {
    execFileSync('getent', [database, name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a user with a home directory, in the given supplementary groups (created when
 * missing). A user left by an aborted run is removed first, so every run starts clean.
 */
export function createUser(name: string, groups: string[] = []): UnixUser {
  removeUser(name);
  for (const group of groups) {
    if (!exists('group', group)) {
      execFileSync('groupadd', [group]);
    }
  }
  const groupArgs = groups.length > 0 ? ['-G', groups.join(',')] : [];
  execFileSync('useradd', ['-m', '-s', '/bin/sh', ...groupArgs, name]);
  const [, , uid, gid, , home] = text('getent', ['passwd', name]).split(':');
  return { name, uid: Number(uid), gid: Number(gid), home };
}

/** Removes the user, its home and any of the groups given that are left empty. */
export function removeUser(name: string, groups: string[] = []): void {
  if (exists('passwd', name)) {
    execFileSync('userdel', ['-r', '-f', name], { stdio: 'ignore' });
  }
  for (const group of groups) {
    if (exists('group', group)) {
      execFileSync('groupdel', [group], { stdio: 'ignore' });
    }
  }
}

/** What `id` says of the user: the facts a job of the user must print. */
export function idOf(name: string): { u: string; g: string; G: string } {
  return {
    u: text('id', ['-u', name]),
    g: text('id', ['-g', name]),
    G: text('id', ['-G', name]),
  };
}

/**
 * Runs an installed command of the cluster as the user (through runuser), in the user's home
 * directory, with the cluster's environment.
 */
export function commandAs(
  cluster: TestCluster,
  user: UnixUser,
  name: string,
  args: readonly string[] = [],
  options: { umask?: string } = {},
): Promise<CommandResult> {
  const program = `${cluster.prefix}/bin/${name}`;
  const env = { ...cluster.env, HOME: user.home, USER: user.name, LOGNAME: user.name };
  const shell = `umask ${options.umask ?? '022'} && exec "$0" "$@"`;
  return run('runuser', ['-u', user.name, '--', 'sh', '-c', shell, program, ...args], {
    env,
    cwd: user.home,
  });
}
