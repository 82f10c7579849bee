import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';

/** A local-time instant on Tuesday 4 March 2025, as in the lsf-cli.md samples. */
export function march4(hours: number, minutes: number, seconds = 0): number {
  return new Date(2025, 2, 4, hours, minutes, seconds).getTime();
}

/** A running one-slot job of alice's; tests override what they are about. */
export function jobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId: 1201,
    user: 'alice',
    state: JobState.JOB_STATE_RUN,
    hostUnreachable: false,
    queue: 'normal',
    fromHost: 'login01',
    execHosts: ['node07'],
    jobName: 'sleep 600',
    command: 'sleep 600',
    cwd: '/home/alice',
    outputFile: '',
    errorFile: '',
    inputFile: '',
    project: 'default',
    slots: 1,
    askedHosts: [],
    submitTimeMs: march4(9, 15),
    startTimeMs: march4(9, 15, 30),
    endTimeMs: 0,
    exitCode: 0,
    hasExitCode: false,
    exitSignal: 0,
    cpuTimeSec: 0,
    maxMemKb: 0,
    pendReason: '',
    termReason: '',
    pid: 4242,
    queueGiven: false,
    uid: 1000,
    resReq: '',
    memLimitKb: 0,
    runLimitSec: 0,
    exclusive: false,
    dependency: '',
    beginTimeMs: 0,
    termTimeMs: 0,
    arrayIndex: 0,
    arrayJobId: 1201,
    arrayRunningLimit: 0,
    rerunnable: false,
    maxSlots: 0,
    preExecCommand: '',
    postExecCommand: '',
    arraySpec: '',
    memKb: 0,
    nthreads: 0,
    pids: [],
    usageTimeMs: 0,
    ...overrides,
  };
}

/** A pending job: no execution host, no start. */
export function pendingJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return jobRecord({
    state: JobState.JOB_STATE_PEND,
    execHosts: [],
    startTimeMs: 0,
    pid: 0,
    pendReason: 'New job is waiting for scheduling;',
    ...overrides,
  });
}
