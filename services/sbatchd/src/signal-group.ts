/** What became of a signal sent to a job's process group. */
export type Delivery = 'delivered' | 'gone' | 'refused';

/**
 * Sends a signal to the whole process group the job leads: signals reach every process of a
 * job, not only its first one.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | number): Delivery {
  try {
    process.kill(-pgid, signal);
    return 'delivered';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'refused';
  }
}
