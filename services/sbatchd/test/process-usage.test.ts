import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processTreeUsage } from '../src/process-usage';

/** A /proc stand-in: each process with its stat, its VmRSS and its children. */
function fakeProc(
  processes: Array<{
    pid: number;
    ticks: number[];
    threads: number;
    rssKb: number;
    children: number[];
  }>,
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-proc-'));
  for (const { pid, ticks, threads, rssKb, children } of processes) {
    const dir = path.join(root, String(pid));
    fs.mkdirSync(path.join(dir, 'task', String(pid)), { recursive: true });
    // Fields 3 on: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice num_threads...
    const rest = [
      'S',
      '1',
      String(pid),
      '1',
      '0',
      '-1',
      '0',
      '0',
      '0',
      '0',
      '0',
      ...ticks.map(String),
      '20',
      '0',
      String(threads),
      '0',
    ];
    fs.writeFileSync(path.join(dir, 'stat'), `${pid} (job (x)) ${rest.join(' ')}\n`);
    fs.writeFileSync(path.join(dir, 'status'), `Name:\tjob\nVmRSS:\t  ${rssKb} kB\n`);
    fs.writeFileSync(path.join(dir, 'task', String(pid), 'children'), children.join(' '));
  }
  return root;
}

describe('processTreeUsage', () => {
  it('adds up memory, CPU (waited-for children too) and threads over the tree', () => {
    const root = fakeProc([
      { pid: 10, ticks: [100, 50, 20, 30], threads: 1, rssKb: 1000, children: [11, 12] },
      { pid: 11, ticks: [250, 0, 0, 0], threads: 4, rssKb: 3000, children: [13] },
      { pid: 12, ticks: [0, 0, 0, 0], threads: 1, rssKb: 500, children: [] },
      { pid: 13, ticks: [50, 0, 0, 0], threads: 2, rssKb: 250, children: [] },
    ]);

    expect(processTreeUsage(10, root)).toEqual({
      rssKb: 4750,
      cpuTimeSec: 5,
      threads: 8,
      pids: [10, 11, 12, 13],
    });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is null when the top process is gone, and skips a child that just ended', () => {
    const root = fakeProc([
      { pid: 20, ticks: [1, 0, 0, 0], threads: 1, rssKb: 100, children: [21] },
    ]);

    expect(processTreeUsage(99, root)).toBeNull();
    expect(processTreeUsage(20, root)).toMatchObject({ rssKb: 100, pids: [20] });
    fs.rmSync(root, { recursive: true, force: true });
  });
});
