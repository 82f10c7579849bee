import path from 'node:path';
import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { spoolFileName } from '../../../../services/common/src/spool-file';

/** %J and %I as mbatchd expands them for a job that is not an array element. */
function expand(file: string, jobId: number): string {
  return file.replace(/%J/g, String(jobId)).replace(/%I/g, '0');
}

/**
 * Where a job's output is written: its -o and -e files, relative ones under the job's working
 * directory, or without -o the spool file in `$HOME/.lsbatch` that sbatchd uses. bpeek
 * reads them directly, so it needs the file system the job writes to (shared, as LSF sites
 * have it, or the same host).
 */
export function jobOutputFiles(
  job: JobRecord,
  home: string | undefined,
): { stdout: string | null; stderr: string | null } {
  const resolve = (file: string): string => path.resolve(job.cwd || '/', expand(file, job.jobId));
  const spool =
    home === undefined
      ? null
      : path.join(home, '.lsbatch', spoolFileName(job.jobId, job.submitTimeMs));
  return {
    stdout: job.outputFile ? resolve(job.outputFile) : spool,
    stderr: job.errorFile ? resolve(job.errorFile) : null,
  };
}
