import { ConfigError } from './config-error';
import { nonNegativeInteger, positiveNumber, words, type ValueSite } from './config-values';
import { expectKeywords, keywordReader, pickSections } from './section-shape';
import { readSections } from './sections';

/** The parsed lsb.params file, every setting resolved to its value or default. */
export interface LsbParams {
  /** DEFAULT_QUEUE: queues tried in order when bsub has no -q. */
  readonly defaultQueues: string[];
  readonly defaultProject: string;
  /** MBD_SLEEP_TIME: seconds between scheduling passes. */
  readonly mbdSleepTimeSec: number;
  /** SBD_SLEEP_TIME: seconds between sbatchd job checks. */
  readonly sbdSleepTimeSec: number;
  /** CLEAN_PERIOD: seconds a finished job stays visible to bjobs. */
  readonly cleanPeriodSec: number;
  /** JOB_TERMINATE_INTERVAL: seconds between SIGINT, SIGTERM and SIGKILL. */
  readonly jobTerminateIntervalSec: number;
  readonly maxJobArraySize: number;
  /** MAX_JOBID: job IDs wrap back to low free IDs after this one. */
  readonly maxJobId: number;
  /** MAX_SBD_FAIL: failed contacts before mbatchd calls a host unreachable. */
  readonly maxSbdFail: number;
  /** SBD_HEARTBEAT_INTERVAL (LavaLite): seconds between sbatchd heartbeats. */
  readonly sbdHeartbeatIntervalSec: number;
  /** SBD_HEARTBEAT_MISS_COUNT (LavaLite): missed heartbeats before a host is unreachable. */
  readonly sbdHeartbeatMissCount: number;
  /** RECONNECT_BACKOFF_MAX (LavaLite): ceiling of the reconnect backoff, in seconds. */
  readonly reconnectBackoffMaxSec: number;
  /**
   * JOB_SPOOL_DIR: where the output of jobs without -o goes instead of `$HOME/.lsbatch`;
   * empty when not set.
   */
  readonly jobSpoolDir: string;
  /** Every key as written (upper-cased) with its raw value, for `bparams -a`. */
  readonly raw: Map<string, string>;
  /** Line of each key in `raw`, for errors found by later cross-file checks. */
  readonly lines: Map<string, number>;
}

/** Parses lsb.params; an empty text gives all defaults. Throws ConfigError on a bad value. */
export function parseLsbParams(text: string, file: string): LsbParams {
  const { Parameters: sections } = pickSections(readSections(text, file), file, {
    Parameters: 'one',
  });
  const section = sections.at(0);
  if (section !== undefined) {
    expectKeywords(section, file);
  }

  const get = keywordReader(section, file);
  const raw = new Map<string, string>();
  const lines = new Map<string, number>();
  for (const [key, { value, line }] of section?.keywords ?? []) {
    raw.set(key, value);
    lines.set(key, line);
  }

  return {
    defaultQueues: get('DEFAULT_QUEUE', words) ?? [],
    defaultProject: get('DEFAULT_PROJECT', nonEmpty) ?? 'default',
    mbdSleepTimeSec: get('MBD_SLEEP_TIME', positiveNumber) ?? 10,
    sbdSleepTimeSec: get('SBD_SLEEP_TIME', positiveNumber) ?? 7,
    cleanPeriodSec: get('CLEAN_PERIOD', nonNegativeInteger) ?? 3600,
    jobTerminateIntervalSec: get('JOB_TERMINATE_INTERVAL', nonNegativeInteger) ?? 10,
    maxJobArraySize: get('MAX_JOB_ARRAY_SIZE', nonNegativeInteger) ?? 1000,
    maxJobId: get('MAX_JOBID', nonNegativeInteger) ?? 999999,
    maxSbdFail: get('MAX_SBD_FAIL', nonNegativeInteger) ?? 3,
    sbdHeartbeatIntervalSec: get('SBD_HEARTBEAT_INTERVAL', positiveNumber) ?? 5,
    sbdHeartbeatMissCount: get('SBD_HEARTBEAT_MISS_COUNT', positiveNumber) ?? 3,
    reconnectBackoffMaxSec: get('RECONNECT_BACKOFF_MAX', positiveNumber) ?? 10,
    jobSpoolDir: get('JOB_SPOOL_DIR', absolutePath) ?? '',
    raw,
    lines,
  };
}

/** Every host resolves the directory alike only when it does not depend on a cwd. */
function absolutePath(value: string, key: string, at: ValueSite): string {
  if (!value.startsWith('/')) {
    throw new ConfigError(at.file, at.line, `${key} must be an absolute path, got '${value}'`);
  }
  return value;
}

function nonEmpty(value: string, key: string, at: ValueSite): string {
  if (value === '') {
    throw new ConfigError(at.file, at.line, `${key} has no value`);
  }
  return value;
}
