import {
  parseCpuTimes,
  parseDiskKb,
  parseLoadAvg,
  parseMemInfo,
  parsePagesSwapped,
  parseProcsRunning,
  parseUtmp,
} from '../../src/domain/proc-readers';

const PROC_STAT = [
  'cpu  20380 15 3396 107675 674 7 43 104 0 0',
  'cpu0 6101 5 1293 58658 23 3 9 48 0 0',
  'cpu1 14279 10 2103 49016 650 4 34 56 0 0',
  'intr 1513345 0 9 0 0 0 0 0 0 0 0',
  'ctxt 2817420',
  'btime 1717000000',
  'processes 7406',
  'procs_running 3',
  'procs_blocked 0',
  'softirq 480312 0 113218 2 20120 0 0 1201 171254 0 174517',
  '',
].join('\n');

const MEMINFO = [
  'MemTotal:       65747068 kB',
  'MemFree:        40281700 kB',
  'MemAvailable:   59768832 kB',
  'Buffers:            2128 kB',
  'Cached:         18208416 kB',
  'SwapCached:        10240 kB',
  'Active:           138220 kB',
  'Inactive:          69668 kB',
  'SwapTotal:       4194304 kB',
  'SwapFree:        3145728 kB',
  'Dirty:               588 kB',
  '',
].join('\n');

const VMSTAT = [
  'nr_free_pages 6070425',
  'pgpgin 1283716',
  'pgpgout 3360012',
  'pswpin 1200',
  'pswpout 345',
  'pgalloc_dma 0',
  '',
].join('\n');

const DISKSTATS = [
  '   7       0 loop0 57 0 2136 12 0 0 0 0 0 44 12 0 0 0 0 0 0',
  '   8       0 sda 9137 2571 1000000 3620 4021 7813 2000000 8914 0 9548 12535 0 0 0 0 1122 0',
  '   8       1 sda1 8900 2571 990000 3600 4000 7813 1990000 8900 0 9500 12500 0 0 0 0 0 0',
  '   8       2 sda2 100 0 4000 10 0 0 0 0 0 20 10 0 0 0 0 0 0',
  ' 252       0 vda 500 0 30000 100 200 0 40000 300 0 400 400',
  ' 252       1 vda1 450 0 29000 90 190 0 39000 290 0 380 380',
  ' 259       0 nvme0n1 700 0 60000 200 800 0 100000 600 0 700 800 0 0 0 0 0 0',
  ' 259       1 nvme0n1p1 690 0 59000 190 790 0 99000 590 0 690 780 0 0 0 0 0 0',
  ' 253       0 dm-0 8000 0 950000 3000 12000 0 1900000 9000 0 9000 12000 0 0 0 0 0 0',
  '  11       0 sr0 12 0 96 5 0 0 0 0 0 8 5 0 0 0 0 0 0',
  '   1       0 ram0 1 0 8 0 0 0 0 0 0 0 0',
  '',
].join('\n');

describe('parseLoadAvg', () => {
  it('reads the three load averages and the runnable task count', () => {
    expect(parseLoadAvg('1.12 0.62 0.28 3/89 7405\n')).toEqual({
      r1m: 1.12,
      r5m: 0.62,
      r15m: 0.28,
      running: 3,
    });
  });

  it('counts no runnable tasks when the fourth field is missing', () => {
    expect(parseLoadAvg('0.00 0.01 0.05')).toEqual({ r1m: 0, r5m: 0.01, r15m: 0.05, running: 0 });
  });
});

describe('parseCpuTimes', () => {
  it('sums user, nice, system, irq, softirq and steal as busy and adds idle and iowait for the total', () => {
    // busy = 20380 + 15 + 3396 + 7 + 43 + 104; total adds idle 107675 and iowait 674.
    expect(parseCpuTimes(PROC_STAT)).toEqual({ busy: 23945, total: 23945 + 107675 + 674 });
  });

  it('uses only the aggregate cpu line, not the per-cpu lines', () => {
    const perCpuOnly = PROC_STAT.split('\n')
      .filter((l) => !l.startsWith('cpu '))
      .join('\n');
    expect(parseCpuTimes(perCpuOnly)).toEqual({ busy: 0, total: 0 });
  });

  it('treats a missing steal column as zero', () => {
    expect(parseCpuTimes('cpu  100 0 50 800 10 5 5\n')).toEqual({ busy: 160, total: 970 });
  });
});

describe('parseProcsRunning', () => {
  it('reads the procs_running line of /proc/stat', () => {
    expect(parseProcsRunning(PROC_STAT)).toBe(3);
  });

  it('gives zero when the line is missing', () => {
    expect(parseProcsRunning('cpu  1 2 3 4 5 6 7 8\n')).toBe(0);
  });
});

describe('parseMemInfo', () => {
  it('converts kB to MB and takes MemAvailable as the available memory', () => {
    expect(parseMemInfo(MEMINFO)).toEqual({
      totalMb: 65747068 / 1024,
      availableMb: 59768832 / 1024,
      swapTotalMb: 4096,
      swapFreeMb: 3072,
    });
  });

  it('falls back to MemFree plus Cached on kernels without MemAvailable, ignoring SwapCached', () => {
    const old = MEMINFO.split('\n')
      .filter((l) => !l.startsWith('MemAvailable'))
      .join('\n');
    expect(parseMemInfo(old).availableMb).toBe((40281700 + 18208416) / 1024);
  });

  // Bug: `kb('MemAvailable') || ...` treats a present MemAvailable of 0 (the kernel clamps the
  // estimate to 0 under memory pressure) as missing and reports MemFree + Cached instead.
  it('reports no available memory when MemAvailable is 0 instead of falling back to MemFree plus Cached', () => {
    const exhausted = MEMINFO.replace(/^MemAvailable:.*$/m, 'MemAvailable:          0 kB');
    expect(parseMemInfo(exhausted).availableMb).toBe(0);
  });

  it('reports zero swap on a host without swap', () => {
    const noSwap = MEMINFO.replace(/^SwapTotal:.*$/m, 'SwapTotal:             0 kB').replace(
      /^SwapFree:.*$/m,
      'SwapFree:              0 kB',
    );
    expect(parseMemInfo(noSwap)).toMatchObject({ swapTotalMb: 0, swapFreeMb: 0 });
  });
});

describe('parsePagesSwapped', () => {
  it('adds pages swapped in and out, not pages paged in and out', () => {
    expect(parsePagesSwapped(VMSTAT)).toBe(1545);
  });

  it('gives zero when the counters are missing', () => {
    expect(parsePagesSwapped('nr_free_pages 6070425\n')).toBe(0);
  });
});

describe('parseDiskKb', () => {
  it('counts sectors read and written on whole disks sda, vda and nvme0n1 as KB', () => {
    const sectors = 1000000 + 2000000 + 30000 + 40000 + 60000 + 100000;
    expect(parseDiskKb(DISKSTATS)).toBe(sectors / 2);
  });

  it('skips partitions, loop, device-mapper, cdrom and ram devices', () => {
    const skipped = DISKSTATS.split('\n')
      .filter((l) => !/ (sda|vda|nvme0n1) /.test(l))
      .join('\n');
    expect(parseDiskKb(skipped)).toBe(0);
  });

  it('gives zero for an empty file', () => {
    expect(parseDiskKb('')).toBe(0);
  });
});

describe('parseUtmp', () => {
  const RECORD = 384;

  function utmpRecord(type: number, line: string, user: string): Buffer {
    const record = Buffer.alloc(RECORD);
    record.writeInt32LE(type, 0);
    record.writeInt32LE(4242, 4); // ut_pid
    record.write(line, 8, 32, 'utf8');
    record.write(line.replace(/^tty|^pts\//, '').slice(0, 4), 40, 4, 'utf8'); // ut_id
    record.write(user, 44, 32, 'utf8');
    record.write('10.0.0.7', 76, 256, 'utf8'); // ut_host
    return record;
  }

  it('lists the user and terminal of every USER_PROCESS record', () => {
    const buffer = Buffer.concat([
      utmpRecord(2, '~', 'reboot'), // BOOT_TIME
      utmpRecord(1, '~', 'runlevel'), // RUN_LVL
      utmpRecord(6, 'tty1', 'LOGIN'), // LOGIN_PROCESS
      utmpRecord(7, 'pts/0', 'alice'),
      utmpRecord(8, 'pts/1', 'gone'), // DEAD_PROCESS
      utmpRecord(7, 'tty2', 'bob'),
    ]);
    expect(parseUtmp(buffer)).toEqual([
      { user: 'alice', line: 'pts/0' },
      { user: 'bob', line: 'tty2' },
    ]);
  });

  it('reads a user name that fills all 32 bytes without a terminating NUL', () => {
    const long = 'u'.repeat(32);
    expect(parseUtmp(utmpRecord(7, 'pts/3', long))).toEqual([{ user: long, line: 'pts/3' }]);
  });

  it('skips a USER_PROCESS record with an empty user', () => {
    expect(parseUtmp(utmpRecord(7, 'pts/4', ''))).toEqual([]);
  });

  it('ignores a truncated trailing record', () => {
    const buffer = Buffer.concat([
      utmpRecord(7, 'pts/0', 'alice'),
      utmpRecord(7, 'pts/1', 'carol').subarray(0, 100),
    ]);
    expect(parseUtmp(buffer)).toEqual([{ user: 'alice', line: 'pts/0' }]);
  });

  it('gives no sessions for an empty file', () => {
    expect(parseUtmp(Buffer.alloc(0))).toEqual([]);
  });
});
