/**
 * LSF's event-log records (`lsb.events`), written from mbatchd's history for the tools that
 * read that file instead of asking mbatchd: the Snakemake 8 LSF plugin falls back on it, and
 * site scripts grep it. The layout is OpenLava's: space-separated fields, strings in double
 * quotes, one record per line, the record type first, then the format version and the time.
 *
 * The store stays the truth; this is a rendering of it. Records that no reader uses (JOB_MODIFY2,
 * JOB_CLEAN) are not written.
 */

import { arrayIdOf, arrayIndexOf } from '../../../common/src/job-id';
import type { HistoryEvent } from './history-event';
import type { Job, JobState } from './job';

/** The version field of every record: the product's, as the layout is OpenLava's, not LSF 10's. */
export const EVENT_LOG_VERSION = '0.1';

/** LSF's JOB_STAT_* values, the numbers JOB_NEW's readers map back to state names. */
export const JOB_STATUS_CODES: Readonly<Record<JobState, number>> = {
  PEND: 0x01,
  PSUSP: 0x02,
  RUN: 0x04,
  SSUSP: 0x08,
  USUSP: 0x10,
  EXIT: 0x20,
  DONE: 0x40,
};

/** LSF's SUB_* submission flags, for the options field of JOB_NEW. */
const SUB = {
  JOB_NAME: 0x01,
  QUEUE: 0x02,
  HOST: 0x04,
  IN_FILE: 0x08,
  OUT_FILE: 0x10,
  ERR_FILE: 0x20,
  EXCLUSIVE: 0x40,
  DEPEND_COND: 0x20000,
  RES_REQ: 0x40000,
  PROJECT_NAME: 0x2000000,
} as const;

const SUB2_HOLD = 0x01;

/** OpenLava's resource limits, in the order JOB_NEW lists them; -1 is "no limit". */
const RLIMIT_COUNT = 11;
const RLIMIT_RSS = 5;
const RLIMIT_RUN = 9;

/** Where JOB_MOVE says the job went, as LSF's TO_TOP and TO_BOTTOM. */
const MOVE_BASE = { top: 1, bottom: 2 } as const;

/** The facts a record needs beyond the event: the job as it is now, and the master's view. */
export interface EventLogContext {
  /** The job the event is about; undefined when its row is gone (cleaned long ago). */
  job: Job | undefined;
  /** The uid of a user name when known (the job's owner, root); -1 otherwise, as LSF logs. */
  uidOf: (user: string) => number;
}

/**
 * The lines (each ending in a newline) that one history event becomes; none for events no
 * reader wants or whose job is gone.
 */
export function eventLogRecords(event: HistoryEvent, context: EventLogContext): string[] {
  const job = context.job;
  if (job === undefined) {
    return [];
  }
  const time = seconds(event.timeMs);
  const jobId = arrayIdOf(job.id);
  const index = arrayIndexOf(job.id);
  const records: string[] = [];
  const push = (type: string, fields: readonly Field[]) => records.push(record(type, time, fields));

  switch (event.kind) {
    case 'SUBMIT':
      if (index === 0 || typeof event.details?.arraySpec === 'string') {
        push('JOB_NEW', jobNewFields(job, event.details?.arraySpec as string | undefined));
      }
      break;
    case 'DISPATCH':
      push('JOB_START', [
        jobId,
        JOB_STATUS_CODES.RUN,
        0,
        0,
        '1.0',
        job.execHosts.length,
        ...job.execHosts.map(quote),
        quote(''),
        quote(''),
        0,
        index,
      ]);
      return records;
    case 'START':
      push('JOB_EXECUTE', [
        jobId,
        job.spec.uid,
        numberOr(event.details?.pid, 0),
        quote(stringOr(event.details?.execCwd, job.spec.cwd)),
        quote(stringOr(event.details?.execHome, '')),
        quote(job.spec.user),
        numberOr(event.details?.pid, 0),
        index,
      ]);
      return records;
    case 'SIGNAL':
      push('JOB_SIGNAL', [
        jobId,
        context.uidOf(event.actor),
        job.dispatchAttempt,
        quote(stringOr(event.details?.signal, '')),
        index,
        quote(event.actor),
      ]);
      return records;
    case 'SWITCH':
      push('JOB_SWITCH', [
        context.uidOf(event.actor),
        jobId,
        quote(stringOr(event.details?.to, job.spec.queue)),
        index,
        quote(event.actor),
      ]);
      return records;
    case 'MOVE':
      push('JOB_MOVE', [
        context.uidOf(event.actor),
        jobId,
        numberOr(event.details?.position, 1),
        event.details?.from === 'bottom' ? MOVE_BASE.bottom : MOVE_BASE.top,
        index,
        quote(event.actor),
      ]);
      return records;
    default:
      break;
  }

  if (event.to !== undefined && (event.kind !== 'SUBMIT' || event.to !== 'PEND')) {
    push('JOB_STATUS', jobStatusFields(job, event.to, event, jobId, index));
  }
  return records;
}

/** MBD_START, written when mbatchd starts serving. */
export function mbdStartRecord(
  timeMs: number,
  master: string,
  cluster: string,
  hosts: number,
  queues: number,
): string {
  return record('MBD_START', seconds(timeMs), [quote(master), quote(cluster), hosts, queues]);
}

/** MBD_DIE, written when mbatchd stops on request. */
export function mbdDieRecord(timeMs: number, master: string): string {
  return record('MBD_DIE', seconds(timeMs), [quote(master), 0, 0]);
}

type Field = string | number;

function record(type: string, time: number, fields: readonly Field[]): string {
  return `"${type}" "${EVENT_LOG_VERSION}" ${time} ${fields.join(' ')}\n`;
}

/** A string field: quoted, inner quotes doubled, and newlines made `;` to keep one line. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""').replace(/\r?\n/g, ';')}"`;
}

function jobNewFields(job: Job, arraySpec: string | undefined): Field[] {
  const spec = job.spec;
  const limits: number[] = new Array<number>(RLIMIT_COUNT).fill(-1);
  limits[RLIMIT_RSS] = spec.memLimitKb ?? -1;
  limits[RLIMIT_RUN] = spec.runLimitSec ?? -1;
  const resReq = (spec.resReqs ?? []).join(' ');

  return [
    arrayIdOf(job.id),
    spec.uid,
    submitOptions(job, resReq),
    spec.slots,
    seconds(spec.submitTimeMs),
    seconds(spec.beginTimeMs ?? 0),
    seconds(spec.termTimeMs ?? 0),
    0,
    0,
    0,
    quote(spec.user),
    ...limits,
    quote(''),
    '1.00',
    spec.umask,
    quote(spec.queue),
    quote(resReq),
    quote(spec.fromHost),
    quote(spec.cwd),
    quote(''),
    quote(spec.inputFile ?? ''),
    quote(spec.outputFile ?? ''),
    quote(spec.errorFile ?? ''),
    quote(spec.env.HOME ?? ''),
    quote(`${seconds(spec.submitTimeMs)}.${arrayIdOf(job.id)}`),
    spec.askedHosts.length,
    ...spec.askedHosts.map(quote),
    quote(spec.dependency ?? ''),
    quote(''),
    quote(arraySpec ?? spec.jobName),
    quote(spec.command),
    0,
    quote(''),
    quote(spec.project),
    spec.slots,
    quote(''),
    quote(''),
    spec.hold ? SUB2_HOLD : 0,
    0,
    quote(''),
    quote(''),
    quote(''),
    -1,
  ];
}

function submitOptions(job: Job, resReq: string): number {
  const spec = job.spec;
  const flags: [boolean, number][] = [
    [spec.jobName !== spec.command, SUB.JOB_NAME],
    [spec.queueGiven, SUB.QUEUE],
    [spec.askedHosts.length > 0, SUB.HOST],
    [spec.inputFile !== undefined, SUB.IN_FILE],
    [spec.outputFile !== undefined, SUB.OUT_FILE],
    [spec.errorFile !== undefined, SUB.ERR_FILE],
    [spec.exclusive === true, SUB.EXCLUSIVE],
    [spec.dependency !== undefined, SUB.DEPEND_COND],
    [resReq !== '', SUB.RES_REQ],
    [spec.project !== '', SUB.PROJECT_NAME],
  ];
  return flags.reduce((options, [set, flag]) => (set ? options | flag : options), 0);
}

/** JOB_STATUS: id, status, reason, subreason, CPU time, end time, no rusage, wait status. */
function jobStatusFields(
  job: Job,
  to: JobState,
  event: HistoryEvent,
  jobId: number,
  index: number,
): Field[] {
  const finished = to === 'DONE' || to === 'EXIT';
  const exit = finished ? job.exit : undefined;
  const cpuTime = numberOr(event.details?.cpuTimeSec, exit?.cpuTimeSec ?? 0);
  const exitCode = numberOr(event.details?.exitCode, exit?.exitCode ?? 0);
  const signal = numberOr(event.details?.signal, exit?.signal ?? 0);
  return [
    jobId,
    JOB_STATUS_CODES[to],
    0,
    0,
    cpuTime.toFixed(4),
    finished ? seconds(event.timeMs) : 0,
    0,
    finished ? (exitCode << 8) | signal : 0,
    index,
  ];
}

function seconds(timeMs: number): number {
  return Math.floor(timeMs / 1000);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
