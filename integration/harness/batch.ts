import type { TestCluster } from './cluster';
import { waitFor } from './processes';

/** Submits with bsub and returns the new job's id. */
export async function submit(
  cluster: TestCluster,
  args: string[],
  input?: string,
): Promise<number> {
  const result = await cluster.command('bsub', args, input);
  const match = /^Job <(\d+)> is submitted to (default )?queue <\w+>\.$/m.exec(result.stdout);
  if (result.code !== 0 || !match) {
    throw new Error(
      `bsub ${args.join(' ')} failed (${result.code}): ${result.stdout}${result.stderr}`,
    );
  }
  return Number(match[1]);
}

/** The job's STAT column in `bjobs -w <id>`. */
export async function stateOf(cluster: TestCluster, jobId: number): Promise<string> {
  const result = await cluster.command('bjobs', ['-w', String(jobId)]);
  const row = result.stdout.split('\n').find((line) => line.startsWith(`${jobId} `));
  if (!row) {
    throw new Error(`bjobs -w ${jobId} shows no row: ${result.stdout}${result.stderr}`);
  }
  return row.trim().split(/\s+/)[2];
}

export function waitForState(
  cluster: TestCluster,
  jobId: number,
  state: string,
  timeoutMs = 15_000,
): Promise<true> {
  return waitFor(
    `job ${jobId} in ${state}`,
    async () => (await stateOf(cluster, jobId)) === state,
    timeoutMs,
  );
}

/** The number of stamped event lines `bhist -l` shows for the job. */
export async function historyEvents(cluster: TestCluster, jobId: number): Promise<number> {
  const result = await cluster.command('bhist', ['-l', String(jobId)]);
  return result.stdout
    .split('\n')
    .filter((line) => /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d: /.test(line)).length;
}

/** `bjobs -l <id>` with LSF's 21-space continuation lines joined back. */
export async function longJob(cluster: TestCluster, jobId: number): Promise<string> {
  const result = await cluster.command('bjobs', ['-l', String(jobId)]);
  return result.stdout.replace(/\n {21}/g, '');
}

/** The execution host `bjobs -l` names in "Started ... on Host(s) <host>", or null. */
export async function execHostOf(cluster: TestCluster, jobId: number): Promise<string | null> {
  const match = /Started \d+ Task\(s\) on Host\(s\) <([^>]+)>/.exec(await longJob(cluster, jobId));
  return match ? match[1] : null;
}

/** Waits until every job is in one of the given states. */
export function waitForStates(
  cluster: TestCluster,
  jobIds: readonly number[],
  states: readonly string[],
  timeoutMs = 15_000,
): Promise<true> {
  return waitFor(
    `jobs ${jobIds.join(' ')} in ${states.join('/')}`,
    async () => {
      const seen = await statesOf(cluster, jobIds);
      return jobIds.every((id) => states.includes(seen.get(id) ?? ''));
    },
    timeoutMs,
  );
}

/** The STAT column of several jobs from one `bjobs -w` call. */
export async function statesOf(
  cluster: TestCluster,
  jobIds: readonly number[],
): Promise<Map<number, string>> {
  const result = await cluster.command('bjobs', ['-w', ...jobIds.map(String)]);
  const states = new Map<number, string>();
  for (const row of result.stdout.split('\n').slice(1)) {
    const [id, , state] = row.trim().split(/\s+/);
    if (id && state) {
      states.set(Number(id), state);
    }
  }
  return states;
}
