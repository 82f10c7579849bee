import fs from 'node:fs';
import os from 'node:os';
import {
  parseCpuTimes,
  parseDiskKb,
  parseLoadAvg,
  parseMemInfo,
  parsePagesSwapped,
  parseProcsRunning,
  parseUtmp,
} from './domain/proc-readers';
import type { HostFacts, Load } from './domain/load';

interface Counters {
  atMs: number;
  cpuBusy: number;
  cpuTotal: number;
  pagesSwapped: number;
  diskKb: number;
}

/** r15s decays with a 15-second time constant, as LSF defines it. */
const R15S_TAU_SEC = 15;
const TMP_DIR = '/tmp';

/**
 * Samples /proc and turns counters into rates between two samples. Each call to sample()
 * measures the interval since the previous one, so the caller's timer sets the resolution.
 */
export class LoadSampler {
  private previous: Counters | null = null;
  private r15s: number | null = null;
  private latest: Load | null = null;

  facts(): HostFacts {
    const mem = parseMemInfo(readText('/proc/meminfo'));
    return {
      ncpus: os.cpus().length,
      maxMemMb: Math.round(mem.totalMb),
      maxSwapMb: Math.round(mem.swapTotalMb),
      maxTmpMb: Math.round(tmpSizeMb().total),
      arch: os.arch(),
    };
  }

  /** The latest sample, taking one first if there is none yet. */
  current(): Load {
    return this.latest ?? this.sample();
  }

  sample(): Load {
    const stat = readText('/proc/stat');
    const counters: Counters = {
      atMs: Date.now(),
      ...cpuCounters(stat),
      pagesSwapped: parsePagesSwapped(readText('/proc/vmstat')),
      diskKb: parseDiskKb(readText('/proc/diskstats')),
    };
    const loadAvg = parseLoadAvg(readText('/proc/loadavg'));
    const elapsedSec = this.previous ? (counters.atMs - this.previous.atMs) / 1000 : 0;

    const runQueue = Math.max(0, parseProcsRunning(stat) - 1);
    this.r15s = decay(this.r15s ?? loadAvg.r1m, runQueue, elapsedSec);
    const mem = parseMemInfo(readText('/proc/meminfo'));
    const load: Load = {
      r15s: this.r15s,
      r1m: loadAvg.r1m,
      r15m: loadAvg.r15m,
      ut: rate(this.previous, counters, 'cpuBusy', 'cpuTotal'),
      pg: perSecond(this.previous?.pagesSwapped, counters.pagesSwapped, elapsedSec),
      io: perSecond(this.previous?.diskKb, counters.diskKb, elapsedSec),
      ...loginIndices(),
      tmp: tmpSizeMb().free,
      swp: mem.swapFreeMb,
      mem: mem.availableMb,
    };

    this.previous = counters;
    this.latest = load;
    return load;
  }
}

function cpuCounters(stat: string): { cpuBusy: number; cpuTotal: number } {
  const times = parseCpuTimes(stat);
  return { cpuBusy: times.busy, cpuTotal: times.total };
}

function decay(previous: number, value: number, elapsedSec: number): number {
  const keep = Math.exp(-elapsedSec / R15S_TAU_SEC);
  return previous * keep + value * (1 - keep);
}

function rate(
  previous: Counters | null,
  current: Counters,
  part: 'cpuBusy',
  whole: 'cpuTotal',
): number {
  if (!previous || current[whole] <= previous[whole]) {
    return 0;
  }
  return (current[part] - previous[part]) / (current[whole] - previous[whole]);
}

function perSecond(previous: number | undefined, current: number, elapsedSec: number): number {
  if (previous === undefined || elapsedSec <= 0 || current < previous) {
    return 0;
  }
  return (current - previous) / elapsedSec;
}

/** ls counts distinct logged-in users; it is the minutes since any of their terminals was used. */
function loginIndices(): { ls: number; it: number } {
  const logins = readUtmp();
  const users = new Set(logins.map((login) => login.user));
  const nowMs = Date.now();
  let idleMs = uptimeSec() * 1000;
  for (const login of logins) {
    const atimeMs = statAtimeMs(`/dev/${login.line}`);
    if (atimeMs !== null) {
      idleMs = Math.min(idleMs, Math.max(0, nowMs - atimeMs));
    }
  }
  return { ls: users.size, it: idleMs / 60_000 };
}

function readUtmp() {
  try {
    return parseUtmp(fs.readFileSync('/var/run/utmp'));
  } catch {
    return [];
  }
}

function statAtimeMs(file: string): number | null {
  try {
    return fs.statSync(file).atimeMs;
  } catch {
    return null;
  }
}

function uptimeSec(): number {
  return Number(readText('/proc/uptime').split(/\s+/)[0]) || 0;
}

function tmpSizeMb(): { total: number; free: number } {
  try {
    const stats = fs.statfsSync(TMP_DIR);
    const mb = stats.bsize / (1024 * 1024);
    return { total: stats.blocks * mb, free: stats.bavail * mb };
  } catch {
    return { total: 0, free: 0 };
  }
}

/** A /proc file that cannot be read counts as empty: lim keeps reporting what it can. */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
