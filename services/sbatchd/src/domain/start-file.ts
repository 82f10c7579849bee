import { StartFileValueError } from './errors';
import { percentEncode } from './percent-encoding';

/**
 * What the shepherd needs to start one job (see shepherd.c for the format); the job's
 * environment is not here, it is the shepherd's own.
 */
export interface StartFile {
  readonly command: string;
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly umask: number;
  /** Empty means `/`; a directory the job cannot enter makes it run in /tmp. */
  readonly cwd: string;
  /** Empty means /dev/null. */
  readonly stdin: string;
  readonly stdout: string;
  readonly stdoutAppend: boolean;
  /** Empty means the stdout file. */
  readonly stderr: string;
  readonly stderrAppend: boolean;
  /** A directory the job's user creates (mode 0700) before opening its output; or empty. */
  readonly spoolDir: string;
  /** `-o dir/` and `-e dir/`: directories the user creates (under the umask); or empty. */
  readonly stdoutDir: string;
  readonly stderrDir: string;
  /** LSF's job report to append to stdout once the job ended (see output-report.ts). */
  readonly report: string;
  /** When the job was submitted, for the report's turnaround time; 0 when unknown. */
  readonly submitMs: number;
  /** Run through `/bin/sh -c` before the job, as the job would be; empty when none. */
  readonly preExec: string;
  /** Run through `/bin/sh -c` as the job's user once the job ended; empty when none. */
  readonly postExec: string;
}

/** The version the shepherd checks, so that it never half-understands a newer sbatchd. */
const START_FILE_VERSION = '1';

/** Encodes the start file. Throws StartFileValueError for a value holding a NUL byte. */
export function encodeStartFile(start: StartFile): string {
  const text: Array<[string, string]> = [
    ['command', start.command],
    ['user', start.user],
    ['cwd', start.cwd],
    ['stdin', start.stdin],
    ['stdout', start.stdout],
    ['stderr', start.stderr],
    ['spool_dir', start.spoolDir],
    ['stdout_dir', start.stdoutDir],
    ['stderr_dir', start.stderrDir],
    ['report', start.report],
    ['pre_exec', start.preExec],
    ['post_exec', start.postExec],
  ];
  const bad = text.find(([, value]) => value.includes('\0'));
  if (bad) {
    throw new StartFileValueError(bad[0]);
  }

  const lines = [
    `version=${START_FILE_VERSION}`,
    ...text.map(([key, value]) => `${key}=${percentEncode(value)}`),
    `uid=${start.uid}`,
    `gid=${start.gid}`,
    `umask=${(start.umask & 0o777).toString(8)}`,
    `stdout_append=${start.stdoutAppend ? 1 : 0}`,
    `stderr_append=${start.stderrAppend ? 1 : 0}`,
    `submit_ms=${Math.max(0, Math.floor(start.submitMs))}`,
  ];
  return `${lines.join('\n')}\n`;
}
