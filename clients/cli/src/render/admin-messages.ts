import { Lsbe, lsbeMessage } from '../../../../services/common/src/lsbe';
import { LSF_FAILURE_EXIT } from '../lib/command-failure';

/** What one badmin run prints and how it exits: 255 as soon as any target failed. */
export interface AdminOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type HostVerb = 'Open' | 'Close' | 'Restart slave batch daemon on';
export type QueueAction = 'open' | 'close' | 'activate' | 'inactivate';

const QUEUE_DONE: Record<QueueAction, string> = {
  open: 'opened',
  close: 'closed',
  activate: 'activated',
  inactivate: 'inactivated',
};

const CHECKING = '\nChecking configuration files ...\n\n';

export const ADMIN_USAGE =
  'Usage: badmin hclose | hopen [host_name ... | all]\n' +
  '       badmin hrestart [-f] [host_name ... | all]\n' +
  '       badmin qclose | qopen | qact | qinact [queue_name ... | all]\n' +
  '       badmin reconfig [-v] [-f]\n' +
  '       badmin mbdrestart [-v] [-f]\n' +
  '       badmin ckconfig [-v]\n';

/** A reply that lacks a target's result is a protocol fault, reported for that target. */
function resultAt(results: readonly number[], index: number): number {
  return results[index] ?? Lsbe.PROTOCOL;
}

function exitCodeOf(failed: boolean): number {
  return failed ? LSF_FAILURE_EXIT : 0;
}

/** Why a host opened by hopen stays closed, by its bhosts status, in OpenLava's words. */
export const STILL_CLOSED_BECAUSE: Readonly<Record<string, string>> = {
  closed_Full: 'job limit',
  closed_Busy: 'load threshold',
};

/**
 * hopen/hclose/hrestart: a progress line per host on stderr, `Close <node05> ...... done`,
 * `Restart slave batch daemon on <node05> ...... done`, or the failure as OpenLava's
 * lsb_perror words it after "Host control failed.". A host hopen opened that stays closed
 * for another reason says why, after `done`.
 */
export function hostControlOutcome(
  verb: HostVerb,
  hosts: readonly string[],
  results: readonly number[],
  stillClosed: ReadonlyMap<string, string> = new Map(),
): AdminOutcome {
  let stderr = '';
  let failed = false;
  hosts.forEach((host, index) => {
    const code = resultAt(results, index);
    failed ||= code !== Lsbe.NO_ERROR;
    const closedBy = stillClosed.get(host);
    const done = closedBy ? `done : host remains closed due to ${closedBy};` : 'done';
    const end = code === Lsbe.NO_ERROR ? done : `Host control failed.: ${lsbeMessage(code)}`;
    stderr += `${verb} <${host}> ...... ${end}\n`;
  });
  return { stdout: '', stderr, exitCode: exitCodeOf(failed) };
}

/** qopen/qclose/qact/qinact: `Queue <q> is closed` on stdout, `<q>: <message>` on stderr. */
export function queueControlOutcome(
  action: QueueAction,
  queues: readonly string[],
  results: readonly number[],
): AdminOutcome {
  const outcome: AdminOutcome = { stdout: '', stderr: '', exitCode: 0 };
  queues.forEach((queue, index) => {
    const code = resultAt(results, index);
    if (code === Lsbe.NO_ERROR) {
      outcome.stdout += `Queue <${queue}> is ${QUEUE_DONE[action]}\n`;
    } else {
      outcome.stderr += `${queue}: ${lsbeMessage(code)}\n`;
      outcome.exitCode = LSF_FAILURE_EXIT;
    }
  });
  return outcome;
}

/** What reconfig and mbdrestart confirm on stdout once mbatchd took the request. */
export const CONFIG_CONFIRMATIONS = {
  reconfig: 'Reconfiguration initiated',
  mbdrestart: 'MBD restart initiated',
} as const;

/**
 * reconfig and mbdrestart: the configuration-check chatter on stderr, then the confirmation
 * (`Reconfiguration initiated`, `MBD restart initiated`) on stdout. mbatchd checks the files
 * itself, so a refused configuration comes back as CONF_FATAL (or any code with an error
 * text) and is shown without OpenLava's prompt.
 */
export function configCheckOutcome(
  confirmation: string,
  code: number,
  error: string,
): AdminOutcome {
  if (code === Lsbe.NO_ERROR) {
    return {
      stdout: `${confirmation}\n`,
      stderr: `${CHECKING}No errors found.\n\n`,
      exitCode: 0,
    };
  }
  if (code === Lsbe.CONF_FATAL || error !== '') {
    const details = error === '' ? '' : `${error.replace(/\n$/, '')}\n`;
    return {
      stdout: '',
      stderr: `${CHECKING}There are fatal errors.\n\n${details}`,
      exitCode: LSF_FAILURE_EXIT,
    };
  }
  return {
    stdout: '',
    stderr: `${CHECKING}Failed: ${lsbeMessage(code)}\n`,
    exitCode: LSF_FAILURE_EXIT,
  };
}

/**
 * ckconfig: the same check as reconfig's, made here on the files, and nothing else. Its exit
 * status is 0 whatever it found, as OpenLava's is.
 */
export function ckconfigOutcome(error: string | null): AdminOutcome {
  const found =
    error === null
      ? 'No errors found.\n\n'
      : `There are fatal errors.\n\n${error.replace(/\n$/, '')}\n`;
  return { stdout: '', stderr: `${CHECKING}${found}`, exitCode: 0 };
}

/** A lookup that failed before any target was touched: lsb_perror's `<context>: <message>`. */
export function lookupFailureOutcome(code: number, context: string): AdminOutcome {
  const prefix = context === '' ? '' : `${context}: `;
  return { stdout: '', stderr: `${prefix}${lsbeMessage(code)}\n`, exitCode: LSF_FAILURE_EXIT };
}

/** An unknown or missing subcommand: OpenLava's complaint, then the usage. */
export function usageOutcome(subcommand: string | undefined): AdminOutcome {
  const complaint = subcommand === undefined ? '' : `Invalid command <${subcommand}> \n\n`;
  return { stdout: '', stderr: complaint + ADMIN_USAGE, exitCode: LSF_FAILURE_EXIT };
}
