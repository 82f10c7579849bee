import path from 'node:path';
import { arrayIdOf, arrayIndexOf } from './job-id';

/**
 * Where the output of a job without -o goes: lsb.params JOB_SPOOL_DIR when it is set (and,
 * sbatchd checks, a directory on the execution host), else the user's `$HOME/.lsbatch`.
 */
export function spoolDirectory(jobSpoolDir: string, home: string): string {
  return jobSpoolDir === '' ? path.join(home, '.lsbatch') : jobSpoolDir;
}

/**
 * The name of the file in the spool directory that takes a job's output when it has no -o
 * file (LSF would mail it; LavaLite keeps it there). The submission time leads, as in LSF's spool
 * names, so that clusters sharing a home directory, or a new cluster whose ids start again at
 * 1, never write into an old job's file; a rerun of the same job appends to its own.
 */
export function spoolFileName(jobId: number, submitTimeMs: number): string {
  const index = arrayIndexOf(jobId);
  const job = index > 0 ? `${arrayIdOf(jobId)}.${index}` : `${jobId}`;
  return `${Math.floor(submitTimeMs / 1000)}.${job}.out`;
}
