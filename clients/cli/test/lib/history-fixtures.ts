import {
  HistoryRecord,
  JobRecord,
} from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { jobRecord } from '../render/job-fixtures';

/** Local time on 4 March 2025, the day of the LSF samples. */
export function at(hours: number, minutes: number, seconds: number): number {
  return new Date(2025, 2, 4, hours, minutes, seconds).getTime();
}

/** The sample's job 1201: alice's `sleep 600` in queue normal, submitted from login01. */
export function job(overrides: Partial<JobRecord> = {}): JobRecord {
  return jobRecord({
    state: JobState.JOB_STATE_DONE,
    submitTimeMs: at(9, 15, 0),
    startTimeMs: at(9, 15, 3),
    endTimeMs: at(9, 25, 3),
    hasExitCode: true,
    pid: 28817,
    ...overrides,
  });
}

export function event(
  kind: string,
  timeMs: number,
  overrides: Partial<HistoryRecord> & { details?: object } = {},
): HistoryRecord {
  const { details, ...rest } = overrides;
  return {
    jobId: 1201,
    timeMs,
    kind,
    actor: 'alice',
    fromState: JobState.JOB_STATE_UNSPECIFIED,
    toState: JobState.JOB_STATE_UNSPECIFIED,
    reason: '',
    detailsJson: details === undefined ? '' : JSON.stringify(details),
    ...rest,
  };
}

/** The sample's history of job 1201: pending 3 s, running 600 s, done, post-job done. */
export function sampleEvents(): HistoryRecord[] {
  return [
    event('SUBMIT', at(9, 15, 0), {
      toState: JobState.JOB_STATE_PEND,
      details: { queue: 'normal', fromHost: 'login01', cwd: '/home/alice' },
    }),
    event('DISPATCH', at(9, 15, 3), {
      actor: 'mbatchd',
      toState: JobState.JOB_STATE_RUN,
      details: { hosts: ['node07'] },
    }),
    event('START', at(9, 15, 3), {
      details: { pid: 28817, execHome: '/home/alice', execCwd: '/home/alice' },
    }),
    event('FINISH', at(9, 25, 3), {
      fromState: JobState.JOB_STATE_RUN,
      toState: JobState.JOB_STATE_DONE,
      details: { exitCode: 0, cpuTimeSec: 0 },
    }),
    event('POST_JOB', at(9, 25, 4), { reason: 'Post job process done successfully' }),
  ];
}
