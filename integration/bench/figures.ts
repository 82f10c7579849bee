/** How the benchmarks print their figures: one line per measure, labels padded to line up. */

import fs from 'node:fs';
import os from 'node:os';

const LABEL_WIDTH = 48;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/** A line of average, median and 99th percentile of a set of durations. */
export function latencySummary(label: string, millis: number[]): string {
  const sorted = [...millis].sort((a, b) => a - b);
  const average = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const figures = [average, percentile(sorted, 0.5), percentile(sorted, 0.99)]
    .map((value) => value.toFixed(2).padStart(9))
    .join('');
  return `${label.padEnd(LABEL_WIDTH)}${figures}  ms (avg p50 p99, n=${sorted.length})`;
}

/** A line of one figure and its unit. */
export function figure(label: string, value: string): string {
  return `${label.padEnd(LABEL_WIDTH)}${value}`;
}

/** Resident memory of a process, in bytes, from /proc. */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) {
    throw new Error(`no VmRSS for process ${pid}`);
  }
  return Number(match[1]) * 1024;
}

/** Clock ticks per second of /proc's CPU times: 100 on Linux on every architecture we run on. */
const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far, user and system, in milliseconds. */
export function cpuMillis(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, field 2, may hold spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [userTicks, systemTicks] = [Number(fields[11]), Number(fields[12])];
  return ((userTicks + systemTicks) * 1000) / TICKS_PER_SECOND;
}

/** CPU time the whole machine has spent busy (not idle or waiting for I/O), in milliseconds. */
export function machineBusyMillis(): number {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys, 0);
}
