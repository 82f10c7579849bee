import type { TestCluster } from './cluster';

/** One row of `bjobs -w`: the id as printed (`12` or `12[3]`), state and execution hosts. */
export interface JobRow {
  id: string;
  state: string;
  queue: string;
  execHosts: string[];
}

/** The rows `bjobs -w <args>` prints; PEND rows have no execution host. */
export async function jobRows(cluster: TestCluster, args: readonly string[]): Promise<JobRow[]> {
  const result = await cluster.command('bjobs', ['-w', ...args]);
  return result.stdout
    .split('\n')
    .slice(1)
    .filter((line) => /^\d/.test(line))
    .map((line) => {
      const [id, , state, queue, , exec] = line.trim().split(/\s+/);
      const started = !['PEND', 'PSUSP'].includes(state);
      return { id, state, queue, execHosts: started && exec !== '-' ? exec.split(':') : [] };
    });
}

/** The `bjobs -p` reasons of a pending job, one per line without the leading space. */
export async function pendReasons(cluster: TestCluster, jobId: number | string): Promise<string> {
  const result = await cluster.command('bjobs', ['-p', String(jobId)]);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith(' '))
    .map((line) => line.trim())
    .join('\n');
}
