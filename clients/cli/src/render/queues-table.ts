import type { BatchQueue } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { left, leftNoCut, right, rightNoCut } from './columns';

/**
 * The queue status word: `Open` or `Closed`, then whether it dispatches. The long format
 * says why a queue is inactive; LavaLite has no run windows, so that is always `Inact_Adm`.
 */
export function queueStatusWord(queue: BatchQueue, long: boolean): string {
  const activity = queue.active ? 'Active' : long ? 'Inact_Adm' : 'Inact';
  return `${queue.open ? 'Open' : 'Closed'}:${activity}`;
}

/** A limit in `%4d ` form, or a right-aligned `-` when it is 0 (unlimited). */
export function queueLimit(value: number): string {
  return `${rightNoCut(value === 0 ? '-' : String(value), 4)} `;
}

/** A priority or nice value as OpenLava prints it: `%3d ` then left-aligned in 4, then a space. */
export function queueNumber(value: number): string {
  return `${leftNoCut(`${rightNoCut(String(value), 3)} `, 4)} `;
}

/**
 * bqueues and `bqueues -w`: LSF 10.1's layout, with PRIO and STATUS left-aligned (OpenLava
 * centres them). SUSP is SSUSP + USUSP. Queues keep the server's order (by priority).
 */
export function renderBqueues(queues: readonly BatchQueue[], wide: boolean): string {
  const header =
    `${left('QUEUE_NAME', 15)} ${left('PRIO', 4)} ${left('STATUS', 14)} ` +
    ['MAX', 'JL/U', 'JL/P', 'JL/H'].map((word) => `${right(word, 4)} `).join('') +
    ['NJOBS', 'PEND', 'RUN', 'SUSP'].map((word) => `${right(word, 5)} `).join('');

  const rows = queues.map((queue) => {
    const name = wide ? leftNoCut(queue.name, 15) : left(queue.name, 15);
    const limits = [
      queue.maxSlots,
      queue.userJobLimit,
      queue.processorJobLimit,
      queue.hostJobLimit,
    ].map(queueLimit);
    const counts = [queue.numJobs, queue.numPend, queue.numRun, queue.numSsusp + queue.numUsusp]
      .map((count) => rightNoCut(String(count), 5))
      .join(' ');
    return (
      `${name} ${queueNumber(queue.priority)}` +
      `${leftNoCut(queueStatusWord(queue, false), 14)} ${limits.join('')}${counts}`
    );
  });
  return [header, ...rows].map((line) => `${line}\n`).join('');
}
