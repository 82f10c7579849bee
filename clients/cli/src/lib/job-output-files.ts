import fs from 'node:fs';
import path from 'node:path';
import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { jobOutputPath } from '../../../../services/common/src/output-path';
import { spoolDirectory, spoolFileName } from '../../../../services/common/src/spool-file';

/** %J and %I as mbatchd expands them for a job that is not an array element. */
function expand(file: string, jobId: number): string {
  return file.replace(/%J/g, String(jobId)).replace(/%I/g, '0');
}

/** A job's output files; null where there is none to read. */
export interface OutputFiles {
  stdout: string | null;
  stderr: string | null;
}

/**
 * Where a job's output is written: its -o and -e files, relative ones under the job's working
 * directory, or without -o the spool file that sbatchd uses: in JOB_SPOOL_DIR, or in
 * `$HOME/.lsbatch` when that is not set or was no directory on the execution host. bpeek
 * reads them directly, so it needs the file system the job writes to (shared, as LSF sites
 * have it, or the same host).
 */
export function jobOutputFiles(
  job: JobRecord,
  home: string | undefined,
  jobSpoolDir: string,
): OutputFiles {
  const resolve = (file: string, suffix: 'out' | 'err'): string =>
    path.resolve(job.cwd || '/', jobOutputPath(expand(file, job.jobId), job.jobId, suffix));
  const name = spoolFileName(job.jobId, job.submitTimeMs);
  const spooled = path.join(jobSpoolDir, name);
  const spool =
    jobSpoolDir !== '' && fs.existsSync(spooled)
      ? spooled
      : home === undefined
        ? null
        : path.join(spoolDirectory('', home), name);
  return {
    stdout: job.outputFile ? resolve(job.outputFile, 'out') : spool,
    stderr: job.errorFile ? resolve(job.errorFile, 'err') : null,
  };
}
