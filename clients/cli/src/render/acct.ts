import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { right } from './columns';
import { formatEventTime } from './job-time';
import { shownCommand } from './job-status';
import { wrapLongLine } from './jobs-long-writer';
import { formatJobId } from '../../../../services/common/src/job-id';

const RULE = `${'-'.repeat(78)}\n`;

export interface AcctOptions {
  /** -l: a block per job before the summary. */
  long: boolean;
  /** Whose jobs: `all users` or `users alice`. */
  users: string;
  /** The home directory of a job's user, for `CWD <$HOME/...>`. */
  homeOf(user: string): string | undefined;
}

function isDone(job: JobRecord): boolean {
  return job.state === JobState.JOB_STATE_DONE;
}

/** Whole seconds between two moments of a job; 0 when either is unknown. */
function seconds(fromMs: number, toMs: number): number {
  return fromMs > 0 && toMs > 0 ? Math.max(0, Math.round((toMs - fromMs) / 1000)) : 0;
}

function megabytes(kb: number): string {
  return `${Math.round(kb / 1024)}M`;
}

function hogFactor(job: JobRecord): number {
  const turnaround = seconds(job.submitTimeMs, job.endTimeMs);
  return turnaround > 0 ? job.cpuTimeSec / turnaround : 0;
}

function cwdText(cwd: string, home: string | undefined): string {
  if (home === undefined || home === '/') {
    return cwd;
  }
  if (cwd === home) {
    return '$HOME';
  }
  return cwd.startsWith(`${home}/`) ? `$HOME${cwd.slice(home.length)}` : cwd;
}

function jobBlock(job: JobRecord, options: AcctOptions): string {
  const outcome = isDone(job) ? 'done' : 'exit';
  const status = isDone(job) ? 'DONE' : 'EXIT';
  const lines = [
    '\n',
    wrapLongLine(
      `Job <${formatJobId(job.jobId)}>, User <${job.user}>, Project <${job.project || 'default'}>, ` +
        `Status <${status}>, Queue <${job.queue}>, Command <${shownCommand(job.command)}>`,
    ),
    wrapLongLine(
      `${formatEventTime(job.submitTimeMs)}: Submitted from host <${job.fromHost}>, ` +
        `CWD <${cwdText(job.cwd, options.homeOf(job.user))}>;`,
    ),
  ];
  if (job.startTimeMs > 0 && job.execHosts.length > 0) {
    const hosts = [...new Set(job.execHosts)].map((host) => `<${host}>`).join(' ');
    lines.push(wrapLongLine(`${formatEventTime(job.startTimeMs)}: Dispatched to ${hosts};`));
  }
  lines.push(wrapLongLine(`${formatEventTime(job.endTimeMs)}: Completed <${outcome}>.`));
  const wait = seconds(job.submitTimeMs, job.startTimeMs || job.endTimeMs);
  lines.push(
    '\nAccounting information about this job:\n',
    '     CPU_T     WAIT     TURNAROUND   STATUS     HOG_FACTOR    MEM    SWAP\n',
    [
      right(job.cpuTimeSec.toFixed(2), 10),
      right(String(wait), 9),
      right(String(seconds(job.submitTimeMs, job.endTimeMs)), 15),
      right(outcome, 9),
      right(hogFactor(job).toFixed(4), 15),
      right(megabytes(Number(job.maxMemKb)), 7),
      right('0M', 8),
    ].join('') + '\n',
    RULE,
  );
  return lines.join('');
}

function stats(values: readonly number[]): {
  total: number;
  avg: number;
  max: number;
  min: number;
} {
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    total,
    avg: values.length > 0 ? total / values.length : 0,
    max: values.length > 0 ? Math.max(...values) : 0,
    min: values.length > 0 ? Math.min(...values) : 0,
  };
}

function summary(jobs: readonly JobRecord[]): string {
  const cpu = stats(jobs.map((job) => job.cpuTimeSec));
  const wait = stats(
    jobs.map((job) => seconds(job.submitTimeMs, job.startTimeMs || job.endTimeMs)),
  );
  const turnaround = stats(jobs.map((job) => seconds(job.submitTimeMs, job.endTimeMs)));
  const hog = stats(jobs.map(hogFactor));
  const done = jobs.filter(isDone).length;
  const pair = (a: string, b: string): string => ` ${a.padEnd(40)}${b}\n`;
  return (
    '\nSUMMARY:      ( time unit: second )\n' +
    pair(
      `Total number of done jobs: ${right(String(done), 7)}`,
      `Total number of exited jobs: ${right(String(jobs.length - done), 5)}`,
    ) +
    pair(
      `Total CPU time consumed: ${right(cpu.total.toFixed(1), 9)}`,
      `Average CPU time consumed: ${right(cpu.avg.toFixed(1), 7)}`,
    ) +
    pair(
      `Maximum CPU time of a job: ${right(cpu.max.toFixed(1), 7)}`,
      `Minimum CPU time of a job: ${right(cpu.min.toFixed(1), 7)}`,
    ) +
    ` Total wait time in queues: ${right(wait.total.toFixed(1), 7)}\n` +
    ` Average wait time in queue: ${right(wait.avg.toFixed(1), 6)}\n` +
    pair(
      `Maximum wait time in queue: ${right(wait.max.toFixed(1), 6)}`,
      `Minimum wait time in queue: ${right(wait.min.toFixed(1), 6)}`,
    ) +
    ` Average turnaround time: ${right(String(Math.round(turnaround.avg)), 9)} (seconds/job)\n` +
    pair(
      `Maximum turnaround time: ${right(String(turnaround.max), 9)}`,
      `Minimum turnaround time: ${right(String(turnaround.min), 9)}`,
    ) +
    ` Average hog factor of a job: ${right(hog.avg.toFixed(2), 5)} ( cpu time / turnaround time )\n` +
    pair(
      `Maximum hog factor of a job: ${right(hog.max.toFixed(2), 5)}`,
      `Minimum hog factor of a job: ${right(hog.min.toFixed(2), 5)}`,
    )
  );
}

/** `bacct [-l]`: which jobs are counted, a block per finished job with -l, then the summary. */
export function renderAcct(jobs: readonly JobRecord[], options: AcctOptions): string {
  const header =
    '\nAccounting information about jobs that are: \n' +
    `  - submitted by ${options.users}.\n` +
    '  - accounted on all projects.\n' +
    '  - completed normally or exited\n' +
    '  - executed on all hosts.\n' +
    '  - submitted to all queues.\n' +
    '  - accounted on all service classes.\n' +
    RULE;
  const blocks = options.long ? jobs.map((job) => jobBlock(job, options)).join('') : '';
  return header + blocks + summary(jobs);
}
