import type { BatchUser } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { left, leftNoCut, right, rightNoCut } from './columns';

const COUNTER_WORDS = ['NJOBS', 'PEND', 'RUN', 'SSUSP', 'USUSP', 'RSV'];

/** The pseudo-user that stands for users without their own lsb.users line shows dashes. */
const DEFAULT_USER = 'default';

/**
 * busers: one header and one row per user, sorted by name. LavaLite has no per-user limits
 * yet, so JL/P and MAX are always the dash LSF prints for "no limit".
 */
export function renderBusers(users: readonly BatchUser[]): string {
  const header =
    `${left('USER/GROUP', 18)} ${right('JL/P', 5)} ${right('MAX', 6)} ` +
    COUNTER_WORDS.map((word) => `${right(word, 6)} `).join('');

  const sorted = [...users].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((user) => {
    const limits = `${leftNoCut(user.name, 18)} ${right('-', 5)} ${right('-', 6)} `;
    if (user.name === DEFAULT_USER) {
      // OpenLava prints each dash as `%6s `, so this row keeps a trailing space.
      return limits + COUNTER_WORDS.map(() => `${right('-', 6)} `).join('');
    }
    const counts = [
      user.numJobs,
      user.numPend,
      user.numRun,
      user.numSsusp,
      user.numUsusp,
      user.numReserved,
    ];
    return limits + counts.map((count) => rightNoCut(String(count), 6)).join(' ');
  });
  return [header, ...rows].map((line) => `${line}\n`).join('');
}
