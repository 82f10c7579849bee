import path from 'node:path';
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
  const spooled = spec.outputFile === '';
  const spoolDir = spoolDirectory(spec.spoolDir ?? '', user.home);

  const cwd = spec.cwd === '' ? user.home : spec.cwd;
  const start: StartFile = {
    command: JOB_SHELL_TRAPS + spec.command,
    user: user.name,
    uid: spec.uid,
    gid: spec.gid,
    umask: spec.umask,
    cwd,
    stdin: spec.inputFile,
    stdout: spooled
      ? path.join(spoolDir, spoolFileName(spec.jobId, spec.submitTimeMs))
      : spec.outputFile,
    stdoutAppend: spooled || !spec.overwriteOutput,
    stderr: spec.errorFile,
    stderrAppend: !spec.overwriteError,
    spoolDir: spooled ? spoolDir : '',
    report: renderReportTemplate(spec, user, site, cwd),
    submitMs: spec.submitTimeMs,
    preExec: spec.preExecCommand ?? '',
  };
  const env = { ...buildJobEnv(spec, user, site), LSB_DJOB_HOSTFILE: hostFilePath };
  const hostFile = { path: hostFilePath, text: jobSlots(spec, site).join('\n') + '\n' };
  return { start, env, hostFile };
}
