/**
 * The facts mbatchd puts in a history event's `detailsJson`, by event kind:
 * SUBMIT {queue, fromHost, cwd, hold}; DISPATCH {hosts}; START {pid, execHome, execCwd};
 * SIGNAL {signal: name}; FINISH {exitCode?, signal?: number, cpuTimeSec, termReason?},
 * {forced} (bkill -r) or {startError} (the job's own files could not be opened on its
 * host); REQUEUE {hold} (the brequeue request), {exitCode?, signal?, cpuTimeSec} (the run it
 * killed has ended), {host, attempt, rerun} (its host failed) or {preExecExitCode} (its
 * pre-exec command failed and the job did not run); SWITCH {from, to} (queues);
 * MOVE {position, from: top or bottom}. MODIFY's new values are read by `modifySentence`.
 * Every field is optional here: a field that is missing or of the wrong type is dropped, and
 * the renderer falls back on the job record.
 */
export interface EventDetails {
  queue?: string;
  fromHost?: string;
  cwd?: string;
  hold?: boolean;
  hosts?: string[];
  pid?: number;
  execHome?: string;
  execCwd?: string;
  /** A signal name on SIGNAL (`KILL`), a signal number on FINISH. */
  signal?: string | number;
  exitCode?: number;
  cpuTimeSec?: number;
  /** On FINISH: mbatchd ended the job without waiting for its host (bkill -r). */
  forced?: boolean;
  /** On FINISH: why the host could not start the job, which ended it. */
  startError?: string;
  /** The run's TERM_* reason on FINISH; empty when it ended by itself. */
  termReason?: string;
  /** On REQUEUE: the job goes back to pending because its host failed (bsub -r). */
  rerun?: boolean;
  /** On REQUEUE: the status of the failed pre-exec command that sent the job back to pending. */
  preExecExitCode?: number;
  /** The queue a SWITCH left, or where a MOVE counted from (`top`, `bottom`). */
  from?: string;
  /** The queue a SWITCH went to. */
  to?: string;
  /** A MOVE's new place, counted from `from`. */
  position?: number;
}

const STRING_FIELDS = [
  'queue',
  'fromHost',
  'cwd',
  'execHome',
  'execCwd',
  'startError',
  'termReason',
  'from',
  'to',
] as const;
const NUMBER_FIELDS = ['pid', 'exitCode', 'cpuTimeSec', 'position', 'preExecExitCode'] as const;
const BOOLEAN_FIELDS = ['hold', 'forced', 'rerun'] as const;

/** Reads `detailsJson`; text that is not a JSON object yields no details at all. */
export function parseEventDetails(json: string): EventDetails {
  let raw: unknown;
  try {
    raw = JSON.parse(json === '' ? '{}' : json);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {};
  }

  const source = raw as Record<string, unknown>;
  const details: EventDetails = {};
  for (const field of STRING_FIELDS) {
    if (typeof source[field] === 'string') {
      details[field] = source[field] as string;
    }
  }
  for (const field of NUMBER_FIELDS) {
    if (typeof source[field] === 'number') {
      details[field] = source[field] as number;
    }
  }
  for (const field of BOOLEAN_FIELDS) {
    if (typeof source[field] === 'boolean') {
      details[field] = source[field] as boolean;
    }
  }
  if (Array.isArray(source.hosts) && source.hosts.every((host) => typeof host === 'string')) {
    details.hosts = source.hosts as string[];
  }
  if (typeof source.signal === 'string' || typeof source.signal === 'number') {
    details.signal = source.signal;
  }
  return details;
}
