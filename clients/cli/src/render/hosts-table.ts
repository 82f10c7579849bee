import type { BatchHost } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { left, leftNoCut, right, rightNoCut } from './columns';
import { renderUnsetThresholds } from './hosts-thresholds';

const SHORT_STATUS_WIDTH = 11;
const WIDE_STATUS_WIDTH = 14;

/**
 * The status word bhosts shows: the default table folds every `closed_*` reason into
 * `closed`; `-w` and `-l` keep the reason (`closed_Adm`, `closed_Full`, ...).
 */
export function hostStatusWord(status: string, detailed: boolean): string {
  return !detailed && status.startsWith('closed') ? 'closed' : status;
}

/** `%Nd ` for a limit, or a right-aligned `-` in the same width when it is 0 (unlimited). */
function limit(value: number, width: number): string {
  return `${rightNoCut(value === 0 ? '-' : String(value), width)} `;
}

/** NJOBS to RSV as `%6d %6d %6d %6d %6d`, without a trailing space. */
function counters(host: BatchHost): string {
  return [host.numJobs, host.numRun, host.numSsusp, host.numUsusp, host.numReserved]
    .map((count) => rightNoCut(String(count), 6))
    .join(' ');
}

function byName(hosts: readonly BatchHost[]): BatchHost[] {
  return [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * bhosts and `bhosts -w`: one header (ending with a space, as every LSF table header does)
 * and one row per host, sorted by name. The default format cuts names to 18 characters.
 */
export function renderBhosts(hosts: readonly BatchHost[], wide: boolean): string {
  const statusWidth = wide ? WIDE_STATUS_WIDTH : SHORT_STATUS_WIDTH;
  const header =
    `${left('HOST_NAME', 18)} ${left('STATUS', statusWidth)} ${right('JL/U', 5)} ` +
    ['MAX', 'NJOBS', 'RUN', 'SSUSP', 'USUSP', 'RSV'].map((word) => `${right(word, 6)} `).join('');

  const rows = byName(hosts).map((host) => {
    const name = wide ? leftNoCut(host.name, 18) : left(host.name, 18);
    const status = leftNoCut(hostStatusWord(host.status, wide), statusWidth);
    return (
      `${name} ${status} ${limit(host.userJobLimit, 5)}${limit(host.maxSlots, 6)}` + counters(host)
    );
  });
  return [header, ...rows].map((line) => `${line}\n`).join('');
}

const LONG_HEADER =
  `${left('STATUS', 14)} ${right('CPUF', 6)} ${right('JL/U', 5)} ` +
  ['MAX', 'NJOBS', 'RUN', 'SSUSP', 'USUSP', 'RSV'].map((word) => `${right(word, 6)} `).join('') +
  'DISPATCH_WINDOW';

/**
 * `bhosts -l`: a block per host. The CURRENT LOAD block needs lim's load, which mbatchd does
 * not return, so it is left out as OpenLava leaves it out for an unavailable host.
 */
export function renderBhostsLong(hosts: readonly BatchHost[]): string {
  return byName(hosts)
    .map((host) => {
      const status =
        `${leftNoCut(host.status, 14)} ${rightNoCut(host.cpuFactor.toFixed(2), 6)} ` +
        `${limit(host.userJobLimit, 5)}${limit(host.maxSlots, 6)}${counters(host)}      -`;
      return (
        `HOST  ${host.name}\n${LONG_HEADER}\n${status}\n\n` +
        ` LOAD THRESHOLD USED FOR SCHEDULING:\n${renderUnsetThresholds()}\n`
      );
    })
    .join('');
}
