import { JobFileError } from './errors';
import type { HostJobState } from './job-report';
import { percentDecode } from './percent-encoding';

/** How the shepherd saw the job end. */
export type ShepherdOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'signaled'; readonly signal: number }
  /** The pre-execution command (bsub -E) ended with this status; the job did not run. */
  | { readonly kind: 'pre-exec-failed'; readonly exitCode: number }
  /**
   * The job never ran: its user, directory or files could not be set up. `jobFault` when its
   * own input or output files could not be opened, which starting it elsewhere would not fix.
   */
  | { readonly kind: 'not-started'; readonly reason: string; readonly jobFault: boolean };

/** The parsed JOBDIR/status file that the shepherd writes when the job has ended. */
export interface ShepherdStatus {
  readonly outcome: ShepherdOutcome;
  readonly cpuUs: number;
  readonly maxRssKb: number;
  readonly endMs: number;
}

/** Parses a status file. Throws JobFileError when it is not what shepherd.c writes. */
export function parseStatusFile(text: string, file: string): ShepherdStatus {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) {
      fields.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }

  const integer = (key: string): number => {
    const value = fields.get(key);
    if (value === undefined || !/^-?\d+$/.test(value)) {
      throw new JobFileError(file, `${key} is missing or not a number`);
    }
    return Number(value);
  };
  return {
    outcome: parseOutcome(fields, integer, file),
    cpuUs: integer('cpu_us'),
    maxRssKb: integer('maxrss_kb'),
    endMs: integer('end_ms'),
  };
}

function parseOutcome(
  fields: Map<string, string>,
  integer: (key: string) => number,
  file: string,
): ShepherdOutcome {
  if (fields.has('exit_code')) {
    return { kind: 'exited', exitCode: integer('exit_code') };
  }
  if (fields.has('signal')) {
    return { kind: 'signaled', signal: integer('signal') };
  }
  if (fields.has('pre_exec_exit')) {
    return { kind: 'pre-exec-failed', exitCode: integer('pre_exec_exit') };
  }

  const reason = percentDecode(fields.get('error') ?? '');
  if (reason === null || reason === '') {
    throw new JobFileError(file, 'no exit_code, signal or error');
  }
  return { kind: 'not-started', reason, jobFault: fields.get('fault') === 'job' };
}

/** The final report facts of an ended job: DONE only for exit code 0. */
export interface FinalFacts {
  readonly state: HostJobState;
  readonly exitCode: number | null;
  readonly exitSignal: number;
  readonly cpuTimeSec: number;
  readonly maxMemKb: number;
  readonly timeMs: number;
}

export function finalFacts(status: ShepherdStatus): FinalFacts {
  const { outcome } = status;
  const exitCode =
    outcome.kind === 'exited' || outcome.kind === 'pre-exec-failed' ? outcome.exitCode : null;
  return {
    state: exitCode === 0 ? 'DONE' : 'EXIT',
    exitCode,
    exitSignal: outcome.kind === 'signaled' ? outcome.signal : 0,
    cpuTimeSec: status.cpuUs / 1e6,
    maxMemKb: status.maxRssKb,
    timeMs: status.endMs,
  };
}

/** The end of a job that left no status: EXIT, with no exit code, signal or usage known. */
export function lostFacts(timeMs: number): FinalFacts {
  return { state: 'EXIT', exitCode: null, exitSignal: 0, cpuTimeSec: 0, maxMemKb: 0, timeMs };
}
