import fs from 'node:fs';

/** How deep a job's process tree is followed; a fork bomb is not measured for ever. */
const MAX_PROCESSES = 10_000;

/**
 * The resident memory in KB of a process and all its descendants, read from /proc (children
 * through /proc/<pid>/task/<tid>/children); null when the process is gone.
 */
export function processTreeRssKb(pid: number, procRoot = '/proc'): number | null {
  const top = rssKb(pid, procRoot);
  if (top === null) {
    return null;
  }
  let total = top;
  const queue = childrenOf(pid, procRoot);
  for (let seen = 0; queue.length > 0 && seen < MAX_PROCESSES; seen++) {
    const child = queue.shift()!;
    total += rssKb(child, procRoot) ?? 0;
    queue.push(...childrenOf(child, procRoot));
  }
  return total;
}

function rssKb(pid: number, procRoot: string): number | null {
  try {
    const status = fs.readFileSync(`${procRoot}/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return null;
  }
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
