import fs from 'node:fs';
import path from 'node:path';

/** The fields of /proc/<pid>/stat that sbatchd needs. */
export interface ProcStat {
  readonly comm: string;
  /** R, S, D, T (stopped), Z (zombie)... */
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  /** utime + stime + cutime + cstime: its CPU and that of the children it waited for. */
  readonly cpuTicks: number;
  readonly threads: number;
}

/** comm is cut to 15 bytes by the kernel. */
const SHEPHERD_COMM = 'lavalite-shephe';

/** The process's stat line, or null when no such process exists. */
export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(procRoot, String(pid), 'stat'), 'utf8');
  } catch {
    return null;
  }

  // comm may hold spaces and parentheses; it ends at the last ')'. rest[0] is field 3, state.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).split(' ');
  return {
    comm: text.slice(open + 1, close),
    state: rest[0],
    ppid: +rest[1],
    pgrp: +rest[2],
    cpuTicks: +rest[11] + +rest[12] + +rest[13] + +rest[14],
    threads: +rest[17],
  };
}

/**
 * Whether the job's top process lives: it exists, is no zombie, and still leads its own
 * process group (a reused pid after a reboot almost never does).
 */
export function isJobAlive(pid: number, procRoot = '/proc'): boolean {
  const stat = pid > 0 ? readProcStat(pid, procRoot) : null;
  return stat !== null && stat.state !== 'Z' && stat.pgrp === pid;
}

/** Whether the process is a live shepherd, not some process that got its pid later. */
export function isShepherdAlive(pid: number, procRoot = '/proc'): boolean {
  const stat = pid > 0 ? readProcStat(pid, procRoot) : null;
  return stat !== null && stat.state !== 'Z' && stat.comm === SHEPHERD_COMM;
}

/**
 * Looks through every process for the shepherd of a job directory. Only needed for a job
 * whose shepherd has not written its pid file yet, which is rare, as this is not cheap.
 */
export function findShepherd(jobDir: string, procRoot = '/proc'): number | null {
  for (const entry of fs.readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }

    let argv: string[];
    try {
      argv = fs.readFileSync(path.join(procRoot, entry, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[1] === jobDir && isShepherdAlive(+entry, procRoot)) {
      return +entry;
    }
  }
  return null;
}
