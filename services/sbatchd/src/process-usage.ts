import fs from 'node:fs';
import { readProcStat } from './domain/proc';

/** How deep a job's process tree is followed; a fork bomb is not measured for ever. */
const MAX_PROCESSES = 10_000;

/** /proc counts CPU time in USER_HZ ticks, 100 a second on every Linux architecture. */
const TICKS_PER_SECOND = 100;

/** What a job's processes use together at one moment, as `bjobs -l` shows a running job. */
export interface ProcessTreeUsage {
  /** Resident memory of all of them, in KB. */
  readonly rssKb: number;
  /** Their user and system CPU time, and that of the children they have waited for. */
  readonly cpuTimeSec: number;
  readonly threads: number;
  /** The top process first, then its descendants, breadth first. */
  readonly pids: number[];
}

/**
 * The usage of a process and all its descendants, read from /proc (children through
 * /proc/<pid>/task/<tid>/children); null when the process is gone.
 */
export function processTreeUsage(pid: number, procRoot = '/proc'): ProcessTreeUsage | null {
  const top = processUsage(pid, procRoot);
  if (top === null) {
    return null;
  }

  let { rssKb, ticks, threads } = top;
  const pids = [pid];
  const queue = childrenOf(pid, procRoot);
  for (let seen = 0; queue.length > 0 && seen < MAX_PROCESSES; seen++) {
    const child = queue.shift()!;
    const usage = processUsage(child, procRoot);
    if (usage !== null) {
      rssKb += usage.rssKb;
      ticks += usage.ticks;
      threads += usage.threads;
      pids.push(child);
    }
    queue.push(...childrenOf(child, procRoot));
  }
  return { rssKb, cpuTimeSec: ticks / TICKS_PER_SECOND, threads, pids };
}

function processUsage(
  pid: number,
  procRoot: string,
): { rssKb: number; ticks: number; threads: number } | null {
  const stat = readProcStat(pid, procRoot);
  if (stat === null) {
    return null;
  }
  let rssKb = 0;
  try {
    const status = fs.readFileSync(`${procRoot}/${pid}/status`, 'utf8');
    rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
  } catch {
    // Ended between the two reads: its stat still counts.
  }
  return { rssKb, ticks: stat.cpuTicks, threads: stat.threads };
}

function childrenOf(pid: number, procRoot: string): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`${procRoot}/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) => {
    try {
      const text = fs.readFileSync(`${procRoot}/${pid}/task/${task}/children`, 'utf8').trim();
      return text === '' ? [] : text.split(' ').map(Number);
    } catch {
      return [];
    }
  });
}
