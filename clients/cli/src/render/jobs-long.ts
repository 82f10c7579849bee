import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { formatJobId } from '../../../../services/common/src/job-id';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { memoryField } from './job-fields';
import { memLimitText, runLimitText } from './limit-text';
import { TERM_REASON_TEXT } from './term-reasons';
import { formatEventTime } from './job-time';
import {
  isFinished,
  isPending,
  oneLine,
  pendingReasonLines,
  shownCommand,
  statusWord,
} from './job-status';
import { CONTINUATION_INDENT, wrapLongLine } from './jobs-long-writer';

/** What the long format needs beyond the job records. */
export interface JobsLongContext {
  /** A user's home directory, to show the submission CWD as `$HOME/...`; undefined if unknown. */
  homeOf(user: string): string | undefined;
}

const JOB_SEPARATOR = `${'-'.repeat(78)}\n`;

/**
 * `bjobs -l`: each job opens with a blank line, jobs are separated by 78 dashes, and the
 * output ends with a blank line.
 */
export function renderJobsLong(jobs: readonly JobRecord[], context: JobsLongContext): string {
  const blocks = jobs.map((job) => `\n${jobBlock(job, context)}`);
  return `${blocks.join(JOB_SEPARATOR)}\n`;
}

function jobBlock(job: JobRecord, context: JobsLongContext): string {
  const home = context.homeOf(job.user);
  const lines = [wrapLongLine(identityLine(job)), wrapLongLine(submittedLine(job, home))];
  if (job.startTimeMs > 0 && job.execHosts.length > 0) {
    lines.push(wrapLongLine(startedLine(job, home)));
  }
  lines.push(...usageLines(job));
  lines.push(...limitBlocks(job));
  const reasons = isPending(job) ? pendingReasonLines(job.pendReason) : [];
  if (reasons.length > 0) {
    lines.push(' PENDING REASONS:\n', ...reasons.map((reason) => `${reason}\n`));
  }
  if (isFinished(job) && job.endTimeMs > 0) {
    const stamp = formatEventTime(job.endTimeMs);
    lines.push(wrapLongLine(`${stamp}: ${endPhrase(job)}`));
    lines.push(wrapLongLine(`${stamp}: ${completedPhrase(job)}`));
  }
  const maxMem = memoryField(Number(job.maxMemKb));
  if (maxMem !== '') {
    // LavaLite measures the peak only, so the average is unknown.
    lines.push('\n MEMORY USAGE:\n', ` MAX MEM: ${maxMem};  AVG MEM: -\n`);
  }
  return lines.join('');
}

/** The job name is shown only when it says more than the command it defaults to. */
function identityLine(job: JobRecord): string {
  const command = shownCommand(job.command);
  const name = oneLine(job.jobName);
  return [
    `Job <${formatJobId(job.jobId)}>`,
    ...(name !== '' && name !== command ? [`Job Name <${name}>`] : []),
    `User <${job.user}>`,
    `Project <${job.project || 'default'}>`,
    `Status <${statusWord(job)}>`,
    `Queue <${job.queue}>`,
    `Command <${command}>`,
  ].join(', ');
}

function submittedLine(job: JobRecord, home: string | undefined): string {
  const parts = [
    `${formatEventTime(job.submitTimeMs)}: Submitted from host <${job.fromHost}>`,
    `CWD <${homeRelative(job.cwd, home)}>`,
  ];
  if (job.inputFile) {
    parts.push(`Input File <${job.inputFile}>`);
  }
  if (job.outputFile) {
    parts.push(`Output File <${job.outputFile}>`);
  }
  if (job.errorFile) {
    parts.push(`Error File <${job.errorFile}>`);
  }
  if (job.maxSlots > job.slots) {
    parts.push(`${job.slots}-${job.maxSlots} Processors Requested`);
  } else if (job.slots > 1) {
    parts.push(`${job.slots} Processors Requested`);
  }
  if (job.exclusive) {
    parts.push('Exclusive Execution');
  }
  if (job.rerunnable) {
    parts.push('Re-runnable');
  }
  if (job.resReq) {
    parts.push(`Requested Resources <${job.resReq}>`);
  }
  if (job.dependency) {
    parts.push(`Dependency Condition <${job.dependency}>`);
  }
  if (job.preExecCommand) {
    parts.push(`Pre-execution Command <${job.preExecCommand}>`);
  }
  if (job.postExecCommand) {
    parts.push(`Post-execution Command <${job.postExecCommand}>`);
  }
  if (job.askedHosts.length > 0) {
    parts.push(`Specified Hosts ${job.askedHosts.map((host) => `<${host}>`).join(', ')}`);
  }
  return `${parts.join(', ')};`;
}

function startedLine(job: JobRecord, home: string | undefined): string {
  const slots = job.execHosts.length;
  const hosts = hostCounts(job.execHosts);
  return [
    `${formatEventTime(job.startTimeMs)}: Started ${slots} Task(s) on Host(s) ${hosts}`,
    `Allocated ${slots} Slot(s) on Host(s) ${hosts}`,
    ...(home === undefined ? [] : [`Execution Home <${home}>`]),
    `Execution CWD <${job.cwd}>;`,
  ].join(', ');
}

/**
 * A running job's last measure, as LSF's `Resource usage collected.` block. LavaLite does not
 * measure swap, so LSF's `SWAP:` is left out of the `MEM:` line.
 */
function usageLines(job: JobRecord): string[] {
  if (isFinished(job) || Number(job.usageTimeMs) <= 0 || job.pids.length === 0) {
    return [];
  }
  const memory = Math.max(1, Math.round(Number(job.memKb) / 1024));
  return [
    wrapLongLine(`${formatEventTime(Number(job.usageTimeMs))}: Resource usage collected.`),
    `${CONTINUATION_INDENT}The CPU time used is ${Math.round(job.cpuTimeSec)} seconds.\n`,
    `${CONTINUATION_INDENT}MEM: ${memory} Mbytes;  NTHREAD: ${job.nthreads}\n`,
    wrapLongLine(`${CONTINUATION_INDENT}PGID: ${job.pids[0]};  PIDs: ${job.pids.join(' ')}`),
  ];
}

/** `<2*node03> <node04>`: one entry per host, in allocation order, with its slot count. */
function hostCounts(hosts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const host of hosts) {
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  return [...counts].map(([host, n]) => (n > 1 ? `<${n}*${host}>` : `<${host}>`)).join(' ');
}

function homeRelative(cwd: string, home: string | undefined): string {
  if (home === undefined || home === '/') {
    return cwd;
  }
  if (cwd === home) {
    return '$HOME';
  }
  return cwd.startsWith(`${home}/`) ? `$HOME${cwd.slice(home.length)}` : cwd;
}

/** A job that never ran has no CPU time to report. */
function endPhrase(job: JobRecord): string {
  let phrase: string;
  if (job.state === JobState.JOB_STATE_DONE) {
    phrase = 'Done successfully.';
  } else if (job.exitSignal > 0) {
    phrase = `Exited by signal ${job.exitSignal}.`;
  } else if (job.hasExitCode && job.exitCode !== 0) {
    phrase = `Exited with exit code ${job.exitCode}.`;
  } else {
    phrase = 'Exited.';
  }
  if (job.startTimeMs === 0) {
    return phrase;
  }
  return `${phrase} The CPU time used is ${job.cpuTimeSec.toFixed(1)} seconds.`;
}

function completedPhrase(job: JobRecord): string {
  const outcome = job.state === JobState.JOB_STATE_DONE ? 'done' : 'exit';
  if (!job.termReason) {
    return `Completed <${outcome}>.`;
  }
  const text = TERM_REASON_TEXT[job.termReason];
  return `Completed <${outcome}>; ${job.termReason}${text ? `: ${text}` : ''}.`;
}

/**
 * The limit blocks after the submission line: a blank line, the titles, the values under
 * them (` RUNLIMIT` in minutes, ` MEMLIMIT` in LSF's short units).
 */
function limitBlocks(job: JobRecord): string[] {
  const blocks: string[] = [];
  const runLimitSec = Number(job.runLimitSec);
  if (runLimitSec > 0) {
    blocks.push(`\n ${'RUNLIMIT'.padEnd(24)}\n ${runLimitText(runLimitSec).padEnd(25)}\n`);
  }
  const memLimitKb = Number(job.memLimitKb);
  if (memLimitKb > 0) {
    blocks.push(`\n MEMLIMIT\n${memLimitText(memLimitKb).padStart(10)} \n`);
  }
  return blocks;
}
