import path from 'node:path';
import { jobOutputPath } from '../../../common/src/output-path';
import { spoolDirectory, spoolFileName } from '../../../common/src/spool-file';
import { buildJobEnv, jobSlots } from './job-env';
import { renderReportTemplate } from './output-report';
import type { ExecutionSite, JobSpec } from './job-spec';
import type { StartFile } from './start-file';
import type { UserEntry } from './user-entry';

/**
 * Everything one job gets: the shepherd's start file, the job's environment, and the
 * LSB_DJOB_HOSTFILE that sbatchd writes for it (one allocated slot's host per line).
 */
export interface StartPlan {
  readonly start: StartFile;
  readonly env: Record<string, string>;
  readonly hostFile: { readonly path: string; readonly text: string };
}

/**
 * The first line of every job's shell, as LSF's job files start with LSB_TRAPSIGS: the shell
 * that runs the command survives the INT and TERM of a kill (a no-op trap, not an ignore, so
 * the command's own processes still get them), waits for the command, and ends with its
 * status. Without it, TERM would end that shell at once, and the shepherd would clean up the
 * job's processes before a wrapper that traps TERM (Nextflow's, Cromwell's) could finish.
 */
export const JOB_SHELL_TRAPS = 'trap : HUP INT USR1 USR2 TERM\n';

/**
 * Decides how a job starts. Without -o, LSF would mail the output with the job report;
 * LavaLite sends no mail, so the output goes to `<submit time>.<jobId>.out` in JOB_SPOOL_DIR
 * or `$HOME/.lsbatch` and is never silently discarded. It is appended to, so a rerun keeps
 * the earlier attempt's output. The host file goes where `hostFilePath` says: sbatchd keeps
 * it in the job's directory, which lives exactly as long as the job.
 */
export function planJobStart(
  spec: JobSpec,
  user: UserEntry,
  site: ExecutionSite,
  hostFilePath: string,
): StartPlan {
  const job = withOutputFiles(spec);
  const spooled = job.outputFile === '';
  const spoolDir = spoolDirectory(job.spoolDir ?? '', user.home);

  const cwd = job.cwd === '' ? user.home : job.cwd;
  const start: StartFile = {
    command: JOB_SHELL_TRAPS + job.command,
    user: user.name,
    uid: job.uid,
    gid: job.gid,
    umask: job.umask,
    cwd,
    stdin: job.inputFile,
    stdout: spooled
      ? path.join(spoolDir, spoolFileName(job.jobId, job.submitTimeMs))
      : job.outputFile,
    stdoutAppend: spooled || !job.overwriteOutput,
    stderr: job.errorFile,
    stderrAppend: !job.overwriteError,
    spoolDir: spooled ? spoolDir : '',
    stdoutDir: outputDirectory(spec.outputFile),
    stderrDir: outputDirectory(spec.errorFile),
    report: renderReportTemplate(job, user, site, cwd),
    submitMs: job.submitTimeMs,
    preExec: job.preExecCommand ?? '',
    postExec: job.postExecCommand ?? '',
  };
  const env = { ...buildJobEnv(job, user, site), LSB_DJOB_HOSTFILE: hostFilePath };
  const hostFile = { path: hostFilePath, text: jobSlots(job, site).join('\n') + '\n' };
  return { start, env, hostFile };
}

/** The spec with `-o dir/` and `-e dir/` turned into the job's files in those directories. */
function withOutputFiles(spec: JobSpec): JobSpec {
  return {
    ...spec,
    outputFile: jobOutputPath(spec.outputFile, spec.jobId, 'out'),
    errorFile: jobOutputPath(spec.errorFile, spec.jobId, 'err'),
  };
}

/** The directory an -o or -e path ending with `/` names, which the job creates; or ''. */
function outputDirectory(file: string): string {
  return file.endsWith('/') ? file : '';
}
