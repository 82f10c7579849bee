import type { JobSpec } from './job-spec';

/** What this host allows, from how sbatchd runs and from lsf.conf. */
export interface HostPolicy {
  /** sbatchd's effective uid: only root may run jobs of other users. */
  readonly euid: number;
  /** LSF_ROOT_REX: whether jobs of root may run here. */
  readonly rootJobs: boolean;
}

/** Why a start is refused, as an LSBE code and a sentence for the job's history. */
export type StartRefusal = { kind: 'bad-argument' | 'root' | 'permission'; reason: string };

const MAX_COMMAND_BYTES = 1024 * 1024;
const MAX_PATH_BYTES = 4096;
const MAX_ENV_ENTRIES = 10_000;
const MAX_ENV_BYTES = 1024 * 1024;
const MAX_LIST_ENTRIES = 10_000;
const MAX_ID = 0xfffffffe;
const USER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,255}\$?$/;

/**
 * Checks a start request before anything is written: its values must fit what the shepherd
 * takes, and the job's user must be one this host may run jobs for. Null means go ahead.
 */
export function refuseStart(spec: JobSpec, policy: HostPolicy): StartRefusal | null {
  const bad = badValue(spec);
  if (bad) {
    return { kind: 'bad-argument', reason: bad };
  }
  if (spec.uid === 0 && !policy.rootJobs) {
    return { kind: 'root', reason: 'jobs of root are not allowed on this host (LSF_ROOT_REX)' };
  }
  if (policy.euid !== 0 && spec.uid !== policy.euid) {
    const reason =
      `sbatchd does not run as root and runs jobs of uid ${policy.euid} only, ` +
      `not of ${spec.user} (uid ${spec.uid})`;
    return { kind: 'permission', reason };
  }
  return null;
}

function badValue(spec: JobSpec): string | null {
  if (!Number.isSafeInteger(spec.jobId) || spec.jobId <= 0) {
    return 'bad job id';
  }
  if (spec.command === '' || bytes(spec.command) > MAX_COMMAND_BYTES) {
    return 'empty or too long command';
  }
  if (!USER_NAME.test(spec.user)) {
    return 'bad user name';
  }
  if (spec.uid > MAX_ID || spec.gid > MAX_ID) {
    return 'bad uid or gid';
  }
  if (spec.umask > 0o777) {
    return 'bad umask';
  }
  const paths = [spec.cwd, spec.outputFile, spec.errorFile, spec.inputFile];
  if (paths.some((file) => bytes(file) > MAX_PATH_BYTES) || !/^(\/|$)/.test(spec.cwd)) {
    return 'bad path';
  }
  if (spec.execHosts.length > MAX_LIST_ENTRIES) {
    return 'too many execution hosts';
  }
  const env = Object.entries(spec.env);
  const envBytes = env.reduce((sum, [key, value]) => sum + bytes(key) + bytes(value) + 2, 0);
  if (env.length > MAX_ENV_ENTRIES || envBytes > MAX_ENV_BYTES) {
    return 'environment too large';
  }
  if (env.some(([key, value]) => key === '' || /[=\0]/.test(key) || value.includes('\0'))) {
    return 'bad environment variable';
  }
  return null;
}

function bytes(text: string): number {
  return Buffer.byteLength(text);
}
