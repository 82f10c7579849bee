import type { JobSubmission } from '../../common/src/generated/lavalite/v1/batch';
import type { JobSelection } from '../../common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../common/src/lsbe';

/**
 * Bounds on what one request may carry. Every value that mbatchd keeps, logs or passes on to
 * a host is checked against them before anything happens, so that no request can make mbatchd
 * hold unbounded memory or hand a host a value it cannot use.
 */
export const REQUEST_LIMITS = {
  commandBytes: 1024 * 1024,
  envEntries: 10_000,
  envBytes: 1024 * 1024,
  pathBytes: 4096,
  nameBytes: 4096,
  shortNameBytes: 256,
  listEntries: 10_000,
  jobIds: 100_000,
} as const;

/** A refusal: the LSBE code and what it is about (printed before the message). */
export interface Refusal {
  lsbe: number;
  context: string;
}

const MAX_UMASK = 0o777;

/** Checks a submission's sizes and values; null when it may go on to the core's checks. */
export function checkSubmission(submission: JobSubmission): Refusal | null {
  const { command, jobName, queue, project, fromHost, umask, hosts, env } = submission;
  if (![command, submission.preExecCommand, submission.postExecCommand].every(isCommand)) {
    return { lsbe: Lsbe.BAD_CMD, context: '' };
  }
  if (!isText(jobName, REQUEST_LIMITS.nameBytes) || /[\n\r]/.test(jobName)) {
    return { lsbe: Lsbe.BAD_JOB, context: '' };
  }
  if (!isName(queue)) {
    return { lsbe: Lsbe.BAD_QUEUE, context: queue.slice(0, REQUEST_LIMITS.shortNameBytes) };
  }
  // dask-jobqueue passes project names with blanks (`#BSUB -P "my project"`).
  if (!isText(project, REQUEST_LIMITS.shortNameBytes) || !isName(fromHost)) {
    return { lsbe: Lsbe.BAD_ARG, context: 'name' };
  }
  const paths = [submission.outputFile, submission.errorFile, submission.inputFile];
  if (!paths.every(isPath) || !isPath(submission.cwd) || !isAbsoluteOrEmpty(submission.cwd)) {
    return { lsbe: Lsbe.BAD_ARG, context: 'path' };
  }
  if (!Number.isInteger(umask) || umask < 0 || umask > MAX_UMASK) {
    return { lsbe: Lsbe.BAD_ARG, context: 'umask' };
  }
  if (hosts.length > REQUEST_LIMITS.listEntries || !hosts.every(isName)) {
    return { lsbe: Lsbe.BAD_HOST, context: '' };
  }
  return checkScheduling(submission) ?? checkEnvironment(env);
}

/** Checks a job selection; explicit ids must be positive. */
export function checkSelection(selection: JobSelection | undefined): Refusal | null {
  if (!selection) {
    return null;
  }
  const { jobIds, user, queue, host, jobName } = selection;
  if (jobIds.length > REQUEST_LIMITS.jobIds) {
    return { lsbe: Lsbe.BAD_ARG, context: 'job ids' };
  }
  if (!jobIds.every((id) => Number.isSafeInteger(id) && id > 0)) {
    return { lsbe: Lsbe.BAD_JOBID, context: '' };
  }
  if (![user, queue, host].every(isName) || !isText(jobName, REQUEST_LIMITS.nameBytes)) {
    return { lsbe: Lsbe.BAD_ARG, context: 'name' };
  }
  return null;
}

/** Checks a list of host, queue or user names. */
export function checkNames(names: readonly string[]): Refusal | null {
  if (names.length > REQUEST_LIMITS.listEntries || !names.every(isName)) {
    return { lsbe: Lsbe.BAD_ARG, context: 'name' };
  }
  return null;
}

function isCommand(text: string): boolean {
  return bytes(text) <= REQUEST_LIMITS.commandBytes && !text.includes('\0');
}

/** -R strings and the -w expression: bounded text, parsed later by the core. */
function checkScheduling(submission: JobSubmission): Refusal | null {
  const { resReqs, dependency } = submission;
  const resReqsOk =
    resReqs.length <= REQUEST_LIMITS.listEntries &&
    resReqs.every((text) => isText(text, REQUEST_LIMITS.nameBytes));
  if (!resReqsOk) {
    return { lsbe: Lsbe.BAD_RESREQ, context: '' };
  }
  if (!isText(dependency, REQUEST_LIMITS.nameBytes)) {
    return { lsbe: Lsbe.DEPEND_SYNTAX, context: '' };
  }
  return null;
}

function checkEnvironment(env: Record<string, string>): Refusal | null {
  const entries = Object.entries(env);
  if (entries.length > REQUEST_LIMITS.envEntries) {
    return { lsbe: Lsbe.BAD_ARG, context: 'environment' };
  }
  let total = 0;
  for (const [key, value] of entries) {
    total += bytes(key) + bytes(value) + 2;
    if (key === '' || /[=\0]/.test(key) || value.includes('\0')) {
      return { lsbe: Lsbe.BAD_ARG, context: 'environment' };
    }
  }
  return total > REQUEST_LIMITS.envBytes ? { lsbe: Lsbe.BAD_ARG, context: 'environment' } : null;
}

function bytes(text: string): number {
  return Buffer.byteLength(text);
}

function isText(text: string, maxBytes: number): boolean {
  return bytes(text) <= maxBytes && !text.includes('\0');
}

/** Host, queue, user and project names: short, printable, without blanks. */
function isName(name: string): boolean {
  return bytes(name) <= REQUEST_LIMITS.shortNameBytes && !/[\s\0]/.test(name);
}

function isPath(file: string): boolean {
  return isText(file, REQUEST_LIMITS.pathBytes);
}

function isAbsoluteOrEmpty(dir: string): boolean {
  return dir === '' || dir.startsWith('/');
}
