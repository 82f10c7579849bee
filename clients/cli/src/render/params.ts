import type { LsbParams } from '../../../../services/common/src/config/lsb-params';
import { ctime } from '../../../../services/common/src/ctime';

/** Plain `bparams`, in OpenLava's words. */
export function renderParamsBrief(params: LsbParams): string {
  const queues = params.defaultQueues.length > 0 ? params.defaultQueues.join(' ') : 'normal';
  return [
    `Default Queues:  ${queues}`,
    `Job Dispatch Interval:  ${params.mbdSleepTimeSec} seconds`,
    `Job Checking Interval:  ${params.sbdSleepTimeSec} seconds`,
    `Job Accepting Interval:  ${params.mbdSleepTimeSec} seconds`,
    '',
  ].join('\n');
}

/**
 * `bparams -a`: a title, then `    KEY = value` for every parameter, defaults included, and
 * every other key lsb.params sets (RESOURCE_RESERVE_PER_TASK and the like) as written.
 */
export function renderParamsAll(params: LsbParams, nowMs: number): string {
  const values = new Map<string, string>([
    ['DEFAULT_QUEUE', params.defaultQueues.join(' ') || 'normal'],
    ['DEFAULT_PROJECT', params.defaultProject],
    ['MBD_SLEEP_TIME', String(params.mbdSleepTimeSec)],
    ['SBD_SLEEP_TIME', String(params.sbdSleepTimeSec)],
    ['CLEAN_PERIOD', String(params.cleanPeriodSec)],
    ['JOB_TERMINATE_INTERVAL', String(params.jobTerminateIntervalSec)],
    ['MAX_JOB_ARRAY_SIZE', String(params.maxJobArraySize)],
    ['MAX_JOBID', String(params.maxJobId)],
    ['MAX_SBD_FAIL', String(params.maxSbdFail)],
    // LavaLite's own liveness settings.
    ['SBD_HEARTBEAT_INTERVAL', String(params.sbdHeartbeatIntervalSec)],
    ['SBD_HEARTBEAT_MISS_COUNT', String(params.sbdHeartbeatMissCount)],
    ['RECONNECT_BACKOFF_MAX', String(params.reconnectBackoffMaxSec)],
  ]);
  for (const [key, value] of params.raw) {
    if (!values.has(key)) {
      values.set(key, value);
    }
  }
  const lines = [...values].map(([key, value]) => `    ${key} = ${value}`);
  return `lsb.params configuration at ${ctime(nowMs)}\n${lines.join('\n')}\n`;
}
