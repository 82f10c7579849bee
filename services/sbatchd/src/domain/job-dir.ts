import path from 'node:path';
import { readIfExists } from './atomic-file';
import { JobFileError } from './errors';
import type { JobLimits } from './job-spec';
import { parseStatusFile, type ShepherdStatus } from './status-file';

/** The files of one job directory `<workDir>/jobs/<jobId>.<attempt>`. */
export const JobFile = {
  /** Written by sbatchd for the shepherd. */
  START: 'start',
  /** Written by sbatchd: what it needs to know of the job after a restart. */
  RECORD: 'record.json',
  /** Written by the shepherd before the job execs. */
  PID: 'pid',
  /** Written by the shepherd when the job has ended. */
  STATUS: 'status',
  /** sbatchd's unacknowledged reports of this job. */
  REPORTS: 'reports.json',
  /** Written by sbatchd for the job to read: LSB_DJOB_HOSTFILE. */
  HOST_FILE: 'hostfile',
  /** Present once the job is being killed: a restarted sbatchd finishes the job at once. */
  KILL: 'kill',
} as const;

/** What sbatchd keeps of a job beside the shepherd's files. */
export interface JobRecordFile {
  readonly jobId: number;
  readonly attempt: number;
  readonly user: string;
  readonly uid: number;
  /** Seconds between INT, TERM and KILL asked for at start; 0 for the host's default. */
  readonly terminateIntervalSec: number;
  readonly createdAtMs: number;
  /** The limits the host enforces; absent in records of older versions. */
  readonly limits?: JobLimits;
}

/** The process ids the shepherd writes once the job is about to exec. */
export interface JobPids {
  /** The job's top process, which leads the job's process group. */
  readonly pid: number;
  readonly shepherdPid: number;
}

export function jobDirName(jobId: number, attempt: number): string {
  return `${jobId}.${attempt}`;
}

/** The job and attempt a directory name stands for, or null for a foreign entry. */
export function parseJobDirName(name: string): { jobId: number; attempt: number } | null {
  const match = /^(\d+)\.(\d+)$/.exec(name);
  return match ? { jobId: Number(match[1]), attempt: Number(match[2]) } : null;
}

/** Reads the pid file; null before the shepherd wrote it. Throws JobFileError if damaged. */
export function readPids(dir: string): JobPids | null {
  const file = path.join(dir, JobFile.PID);
  const text = readIfExists(file);
  if (text === null) {
    return null;
  }

  const [pid, shepherdPid] = text.split('\n').map(Number);
  if (!(pid > 1) || !(shepherdPid > 1)) {
    throw new JobFileError(file, 'expected the job pid and the shepherd pid');
  }
  return { pid, shepherdPid };
}

/** Reads the status file; null while the job runs. Throws JobFileError if damaged. */
export function readStatus(dir: string): ShepherdStatus | null {
  const file = path.join(dir, JobFile.STATUS);
  const text = readIfExists(file);
  return text === null ? null : parseStatusFile(text, file);
}

/** Reads record.json; null when sbatchd stopped before writing it. */
export function readRecord(dir: string): JobRecordFile | null {
  const file = path.join(dir, JobFile.RECORD);
  const text = readIfExists(file);
  if (text === null) {
    return null;
  }

  try {
    return JSON.parse(text) as JobRecordFile;
  } catch (error) {
    throw new JobFileError(file, 'not valid JSON', { cause: error });
  }
}
