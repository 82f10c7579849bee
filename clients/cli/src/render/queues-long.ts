import type { BatchQueue } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { left, leftNoCut, right, rightNoCut } from './columns';
import { renderUnsetThresholds } from './hosts-thresholds';
import { queueLimit, queueNumber, queueStatusWord } from './queues-table';

/** Queues are separated by a line of 79 dashes and a blank line. */
const SEPARATOR = `${'-'.repeat(79)}\n\n`;

const STATISTICS_HEADER =
  `${left('PRIO', 4)} ${left('NICE', 4)} ${left('STATUS', 14)} ` +
  ['MAX', 'JL/U', 'JL/P', 'JL/H'].map((word) => `${right(word, 4)} `).join('') +
  ['NJOBS', 'PEND', 'RUN', 'SSUSP', 'USUSP'].map((word) => `${right(word, 5)} `).join('') +
  `${right('RSV', 4)} `;

/** The limit names and values are `%-24s` after a space, 25 columns each. */
function runLimitBlock(queue: BatchQueue): string {
  if (queue.runLimitMin <= 0) {
    return '';
  }
  const value = ` ${queue.runLimitMin.toFixed(1)} min`;
  return `\n${leftNoCut(' RUNLIMIT', 25)}\n${leftNoCut(value, 25)}\n`;
}

/** A list that is empty, or the single word `all`, means no restriction. */
function isAll(names: readonly string[]): boolean {
  return names.length === 0 || (names.length === 1 && names[0] === 'all');
}

function statisticsRow(queue: BatchQueue): string {
  const limits = [queue.maxSlots, queue.userJobLimit].map(queueLimit).join('');
  // The long format prints the per-processor limit as a float, `%4.1f `.
  const perProcessor =
    queue.processorJobLimit === 0
      ? queueLimit(0)
      : `${rightNoCut(queue.processorJobLimit.toFixed(1), 4)} `;
  const counts = [queue.numJobs, queue.numPend, queue.numRun, queue.numSsusp, queue.numUsusp]
    .map((count) => `${rightNoCut(String(count), 5)} `)
    .join('');
  return (
    `${queueNumber(queue.priority)}${queueNumber(queue.nice)}` +
    `${leftNoCut(queueStatusWord(queue, true), 14)} ` +
    `${limits}${perProcessor}${queueLimit(queue.hostJobLimit)}${counts}${rightNoCut('0', 4)}`
  );
}

function queueBlock(queue: BatchQueue, defaultCount: number): string {
  const defaultNote = !queue.isDefault
    ? ''
    : defaultCount > 1
      ? '  This is one of the default queues.'
      : '  This is the default queue.';
  const users = isAll(queue.users) ? 'USERS:  all users' : `USERS: ${queue.users.join(' ')}`;
  const hosts = isAll(queue.hosts)
    ? 'HOSTS:  all hosts used by the LSF Batch system'
    : `HOSTS:  ${queue.hosts.join(' ')}`;
  return (
    `QUEUE: ${queue.name}\n  -- ${queue.description}${defaultNote}\n\n` +
    `PARAMETERS/STATISTICS\n${STATISTICS_HEADER}\n${statisticsRow(queue)}\n` +
    runLimitBlock(queue) +
    `\nSCHEDULING PARAMETERS\n${renderUnsetThresholds()}` +
    `\n${users}\n${hosts}\n\n`
  );
}

/**
 * `bqueues -l`: a blank line, then a block per queue. Lines that would describe settings
 * LavaLite does not have (windows, pre/post exec, job controls) are left out as OpenLava
 * leaves them out when they are not configured.
 */
export function renderBqueuesLong(queues: readonly BatchQueue[]): string {
  const defaultCount = queues.filter((queue) => queue.isDefault).length;
  return `\n${queues.map((queue) => queueBlock(queue, defaultCount)).join(SEPARATOR)}`;
}
