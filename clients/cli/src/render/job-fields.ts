import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { arrayIdOf, arrayIndexOf } from '../../../../services/common/src/job-id';
import { formatSubmitTime } from './job-time';
import { isPending, oneLine, shownCommand, statusWord } from './job-status';
import { termReasonText } from './term-reasons';

/** What a field's value may depend on besides the job record. */
export interface FieldContext {
  /** A user's home directory, for `sub_cwd` as `$HOME/...`; undefined if unknown. */
  homeOf(user: string): string | undefined;
}

type FieldValue = (job: JobRecord, context: FieldContext) => string;

/** One `bjobs -o` field: its canonical name, LSF's recommended width and how to get its value. */
interface FieldDefinition {
  readonly name: string;
  readonly width: number;
  readonly aliases: readonly string[];
  readonly value: FieldValue;
}

const none: FieldValue = () => '';

/** A time field in SUBMIT_TIME's style; empty when the moment has not come. */
const time =
  (pick: (job: JobRecord) => number): FieldValue =>
  (job) =>
    pick(job) > 0 ? formatSubmitTime(pick(job)) : '';

/** LSF's exit code of an ended job: empty for DONE, 128 + N for a job a signal ended. */
export function exitCodeField(job: JobRecord): string {
  if (job.state !== JobState.JOB_STATE_EXIT) {
    return '';
  }
  if (job.exitSignal > 0) {
    return String(128 + job.exitSignal);
  }
  return job.hasExitCode && job.exitCode !== 0 ? String(job.exitCode) : '';
}

/** `830 Mbytes`, `5.2 Gbytes`, as bjobs prints memory; empty when nothing was measured. */
export function memoryField(kb: number): string {
  if (kb <= 0) {
    return '';
  }
  if (kb < 1024 * 1024) {
    return `${Math.max(1, Math.round(kb / 1024))} Mbytes`;
  }
  return `${(kb / (1024 * 1024)).toFixed(1)} Gbytes`;
}

function homeRelative(cwd: string, home: string | undefined): string {
  if (home === undefined || home === '/' || cwd === '') {
    return cwd;
  }
  if (cwd === home) {
    return '$HOME';
  }
  return cwd.startsWith(`${home}/`) ? `$HOME${cwd.slice(home.length)}` : cwd;
}

function runSeconds(job: JobRecord): string {
  if (job.startTimeMs <= 0) {
    return '';
  }
  const end = job.endTimeMs > 0 ? job.endTimeMs : Date.now();
  return `${Math.max(0, Math.round((end - job.startTimeMs) / 1000))} second(s)`;
}

/** How long the job waited: from submission to its start, or to now while it waits. */
function pendSeconds(job: JobRecord): string {
  const until = job.startTimeMs > 0 ? job.startTimeMs : job.endTimeMs > 0 ? job.endTimeMs : 0;
  const end = until > 0 ? until : Date.now();
  return `${Math.max(0, Math.round((end - job.submitTimeMs) / 1000))} second(s)`;
}

const field = (
  name: string,
  width: number,
  value: FieldValue,
  aliases: readonly string[] = [],
): FieldDefinition => ({ name, width, value, aliases });

/** The fields of `bjobs -o`, in LSF's order; a field LavaLite has no data for is empty. */
export const JOB_FIELDS: readonly FieldDefinition[] = [
  // An element is its array's id and its index, as LSF prints them, never the encoded full id.
  field('jobid', 7, (job) => String(arrayIdOf(job.jobId)), ['id']),
  field('jobindex', 8, (job) => String(arrayIndexOf(job.jobId))),
  field('stat', 5, (job) => statusWord(job)),
  field('user', 7, (job) => job.user),
  field('user_group', 15, none, ['ugroup']),
  field('queue', 10, (job) => job.queue),
  field('job_name', 10, (job) => oneLine(job.jobName), ['name']),
  field('job_description', 17, none, ['description']),
  field('proj_name', 11, (job) => job.project || 'default', ['proj', 'project']),
  field('application', 13, none, ['app']),
  field('service_class', 13, none, ['sla']),
  field('job_group', 10, none, ['group']),
  field('job_priority', 12, none, ['priority']),
  field('dependency', 15, (job) => job.dependency),
  field('command', 15, (job) => shownCommand(job.command), ['cmd']),
  field('pre_exec_command', 16, (job) => oneLine(job.preExecCommand), ['pre_cmd']),
  field('post_exec_command', 17, (job) => oneLine(job.postExecCommand), ['post_cmd']),
  field('pids', 20, (job) => {
    if (job.endTimeMs > 0) {
      return '';
    }
    return job.pids.length > 0 ? job.pids.join(',') : job.pid > 0 ? String(job.pid) : '';
  }),
  field('exit_code', 10, exitCodeField),
  field('exit_reason', 50, (job) => (job.termReason ? termReasonText(job.termReason) : '')),
  field('pend_reason', 11, (job) =>
    isPending(job) && job.pendReason ? `${job.pendReason.trim().split('\n').join('; ')};` : '',
  ),
  field('kill_reason', 50, none),
  field('suspend_reason', 50, none),
  field('from_host', 11, (job) => job.fromHost),
  field('first_host', 11, (job) => job.execHosts[0] ?? ''),
  field('exec_host', 11, (job) => job.execHosts.join(':')),
  field('nexec_host', 10, (job) =>
    job.execHosts.length > 0 ? String(new Set(job.execHosts).size) : '',
  ),
  field(
    'submit_time',
    15,
    time((job) => job.submitTimeMs),
  ),
  field(
    'start_time',
    15,
    time((job) => job.startTimeMs),
  ),
  field(
    'finish_time',
    16,
    time((job) => job.endTimeMs),
  ),
  field('cpu_used', 10, (job) =>
    job.startTimeMs > 0 ? `${job.cpuTimeSec.toFixed(1)} second(s)` : '',
  ),
  field('run_time', 15, runSeconds),
  field('pend_time', 12, pendSeconds),
  field('estimated_start_time', 20, none, ['estart_time']),
  field('time_left', 11, none),
  field('%complete', 11, none),
  field('idle_factor', 11, none),
  field('slots', 5, (job) => String(job.execHosts.length || job.slots || 1)),
  field('nreq_slot', 10, (job) => String(job.slots || 1)),
  field('nalloc_slot', 10, (job) => (job.execHosts.length > 0 ? String(job.execHosts.length) : '')),
  field('max_mem', 15, (job) => memoryField(Number(job.maxMemKb))),
  // Memory now while the job runs, its peak once it ended.
  field('mem', 15, (job) => memoryField(Number(job.memKb) || Number(job.maxMemKb))),
  field('avg_mem', 15, none),
  field('memlimit', 10, (job) => memoryField(Number(job.memLimitKb))),
  field('runtimelimit', 12, (job) =>
    Number(job.runLimitSec) > 0 ? (Number(job.runLimitSec) / 60).toFixed(1) : '',
  ),
  field('effective_resreq', 17, (job) => job.resReq, ['eresreq']),
  field('combined_resreq', 20, (job) => job.resReq, ['cresreq']),
  field('sub_cwd', 10, (job, context) => homeRelative(job.cwd, context.homeOf(job.user))),
  field('exec_cwd', 10, (job) => (job.startTimeMs > 0 ? job.cwd : '')),
  field('exec_home', 10, (job, context) =>
    job.startTimeMs > 0 ? (context.homeOf(job.user) ?? '') : '',
  ),
  field('input_file', 10, (job) => job.inputFile),
  field('output_file', 11, (job) => job.outputFile),
  field('error_file', 10, (job) => job.errorFile),
];

const BY_NAME = new Map<string, FieldDefinition>();
for (const definition of JOB_FIELDS) {
  for (const name of [definition.name, ...definition.aliases]) {
    BY_NAME.set(name, definition);
  }
}

/** The field a name or alias stands for, ignoring case; undefined for an unknown name. */
export function findField(name: string): FieldDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export type { FieldDefinition };
