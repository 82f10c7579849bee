/**
 * Parsers for the /proc files lim reads. Each takes the file's text so that tests feed
 * fixed samples; the sampler does the reading.
 */

export interface CpuTimes {
  /** Jiffies spent busy (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** Jiffies in total. */
  total: number;
}

export interface MemInfo {
  totalMb: number;
  availableMb: number;
  swapTotalMb: number;
  swapFreeMb: number;
}

/** The three load averages and the number of runnable tasks from /proc/loadavg. */
export function parseLoadAvg(text: string): {
  r1m: number;
  r5m: number;
  r15m: number;
  running: number;
} {
  const fields = text.trim().split(/\s+/);
  const running = Number(fields[3]?.split('/')[0] ?? 0);
  return { r1m: Number(fields[0]), r5m: Number(fields[1]), r15m: Number(fields[2]), running };
}

/** The aggregate cpu line of /proc/stat. */
export function parseCpuTimes(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) {
    return { busy: 0, total: 0 };
  }
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((v) => Number(v) || 0);
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy, total: busy + idle + iowait };
}

/** Number of running processes from /proc/stat's procs_running line (includes the reader). */
export function parseProcsRunning(text: string): number {
  const match = /^procs_running\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

export function parseMemInfo(text: string): MemInfo {
  const kb = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  // MemAvailable is 0 when memory runs out; only a kernel without the line needs the estimate.
  const hasAvailable = /^MemAvailable:/m.test(text);
  const available = hasAvailable ? kb('MemAvailable') : kb('MemFree') + kb('Cached');
  return {
    totalMb: kb('MemTotal') / 1024,
    availableMb: available / 1024,
    swapTotalMb: kb('SwapTotal') / 1024,
    swapFreeMb: kb('SwapFree') / 1024,
  };
}

/** Pages swapped in and out since boot, from /proc/vmstat: LSF's paging rate counts these. */
export function parsePagesSwapped(text: string): number {
  const value = (key: string): number => {
    const match = new RegExp(`^${key}\\s+(\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  return value('pswpin') + value('pswpout');
}

/** KB read and written since boot over whole disks, from /proc/diskstats. */
export function parseDiskKb(text: string): number {
  let sectors = 0;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !isWholeDisk(fields[2])) {
      continue;
    }
    sectors += Number(fields[5]) + Number(fields[9]);
  }
  return sectors / 2;
}

/** Partitions would count their disk's traffic twice; loop and ram devices are not disks. */
function isWholeDisk(name: string): boolean {
  if (/^(loop|ram|dm-|sr)/.test(name)) {
    return false;
  }
  return /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/.test(name);
}

/** A USER_PROCESS record of utmp: who is logged in on which terminal. */
export interface LoginRecord {
  user: string;
  line: string;
}

const UTMP_RECORD_SIZE = 384;
const UTMP_USER_PROCESS = 7;

/** Logged-in sessions from the binary utmp file (glibc x86_64 and aarch64 layout). */
export function parseUtmp(buffer: Buffer): LoginRecord[] {
  const records: LoginRecord[] = [];
  for (let offset = 0; offset + UTMP_RECORD_SIZE <= buffer.length; offset += UTMP_RECORD_SIZE) {
    if (buffer.readInt32LE(offset) !== UTMP_USER_PROCESS) {
      continue;
    }
    const line = cString(buffer, offset + 8, 32);
    const user = cString(buffer, offset + 44, 32);
    if (user) {
      records.push({ user, line });
    }
  }
  return records;
}

function cString(buffer: Buffer, start: number, length: number): string {
  const slice = buffer.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? length : end).toString('utf8');
}
