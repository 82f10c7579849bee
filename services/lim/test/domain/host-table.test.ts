import { HostEntry, HostRecord, HostTable } from '../../src/domain/host-table';
import type { HostFacts, Load } from '../../src/domain/load';

const FACTS: HostFacts = {
  ncpus: 16,
  maxMemMb: 64205,
  maxSwapMb: 4096,
  maxTmpMb: 102400,
  arch: 'x86_64',
};

function load(overrides: Partial<Load> = {}): Load {
  return {
    r15s: 0.2,
    r1m: 0.4,
    r15m: 0.3,
    ut: 0.05,
    pg: 0,
    io: 12,
    ls: 1,
    it: 12,
    tmp: 82944,
    swp: 4096,
    mem: 58368,
    ...overrides,
  };
}

const HOSTS: HostEntry[] = [
  { name: 'node01', thresholds: {} },
  { name: 'node02', thresholds: { r1m: 3.5, mem: 1024 } },
  { name: 'node03', thresholds: {} },
];

const INACTIVITY_MS = 30_000;

function makeTable(): { table: HostTable; calls: HostRecord[][] } {
  const calls: HostRecord[][] = [];
  const table = new HostTable(HOSTS, INACTIVITY_MS, (changed) => calls.push([...changed]));
  return { table, calls };
}

describe('HostTable', () => {
  it('starts every host of the cluster file unavail with nothing known, in file order', () => {
    const { table, calls } = makeTable();
    expect(table.list()).toEqual(
      HOSTS.map((h) => ({
        name: h.name,
        status: 'unavail',
        facts: null,
        load: null,
        busyIndices: [],
        lastReportMs: 0,
      })),
    );
    expect(table.has('node02')).toBe(true);
    expect(table.has('node99')).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('makes a reporting host ok and notifies the listener once with its record', () => {
    const { table, calls } = makeTable();
    expect(table.report('node01', FACTS, load(), 1_000)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      {
        name: 'node01',
        status: 'ok',
        facts: FACTS,
        load: load(),
        busyIndices: [],
        lastReportMs: 1_000,
      },
    ]);
    expect(table.list()[0].status).toBe('ok');
  });

  it('does not notify again for repeated reports with the same status but keeps the latest load', () => {
    const { table, calls } = makeTable();
    table.report('node01', FACTS, load(), 1_000);
    table.report('node01', FACTS, load({ r1m: 1.1 }), 2_000);
    table.report('node01', FACTS, load({ r1m: 0.9 }), 3_000);
    expect(calls).toHaveLength(1);
    const record = table.list()[0];
    expect(record.load?.r1m).toBe(0.9);
    expect(record.lastReportMs).toBe(3_000);
  });

  it('marks a host busy with the index listed when r1m is over its threshold', () => {
    const { table, calls } = makeTable();
    table.report('node02', FACTS, load({ r1m: 4.0 }), 1_000);
    const record = table.list()[1];
    expect(record.status).toBe('busy');
    expect(record.busyIndices).toEqual(['r1m']);
    expect(calls).toEqual([
      [expect.objectContaining({ name: 'node02', status: 'busy', busyIndices: ['r1m'] })],
    ]);
  });

  it('keeps a host ok when r1m equals its threshold', () => {
    const { table } = makeTable();
    table.report('node02', FACTS, load({ r1m: 3.5 }), 1_000);
    expect(table.list()[1].status).toBe('ok');
  });

  it('marks a host busy when a decreasing index such as mem falls below its threshold', () => {
    const { table } = makeTable();
    table.report('node02', FACTS, load({ mem: 512 }), 1_000);
    const record = table.list()[1];
    expect(record.status).toBe('busy');
    expect(record.busyIndices).toEqual(['mem']);
  });

  it('lists every index over its threshold in lsload column order', () => {
    const { table } = makeTable();
    table.report('node02', FACTS, load({ r1m: 9, mem: 100 }), 1_000);
    expect(table.list()[1].busyIndices).toEqual(['r1m', 'mem']);
  });

  it('notifies when a busy host returns to ok and clears its busy indices', () => {
    const { table, calls } = makeTable();
    table.report('node02', FACTS, load({ r1m: 9 }), 1_000);
    table.report('node02', FACTS, load({ r1m: 0.1 }), 2_000);
    expect(calls.map((c) => c.map((r) => r.status))).toEqual([['busy'], ['ok']]);
    expect(table.list()[1].busyIndices).toEqual([]);
  });

  it('sweeps hosts unheard for longer than the inactivity limit to unavail and notifies once', () => {
    const { table, calls } = makeTable();
    table.report('node01', FACTS, load(), 1_000);
    table.report('node02', FACTS, load({ r1m: 9 }), 1_000);
    table.report('node03', FACTS, load(), 20_000);
    calls.length = 0;

    table.sweep(1_000 + INACTIVITY_MS + 1);
    expect(calls).toHaveLength(1);
    expect(calls[0].map((r) => [r.name, r.status, r.busyIndices])).toEqual([
      ['node01', 'unavail', []],
      ['node02', 'unavail', []],
    ]);
    expect(table.list().map((r) => r.status)).toEqual(['unavail', 'unavail', 'ok']);

    table.sweep(1_000 + INACTIVITY_MS + 2);
    expect(calls).toHaveLength(1);
  });

  it('leaves a host heard exactly at the inactivity limit alone', () => {
    const { table, calls } = makeTable();
    table.report('node01', FACTS, load(), 1_000);
    calls.length = 0;
    table.sweep(1_000 + INACTIVITY_MS);
    expect(calls).toHaveLength(0);
    expect(table.list()[0].status).toBe('ok');
  });

  it('does not notify on a sweep when nothing changes, such as hosts that never reported', () => {
    const { table, calls } = makeTable();
    table.sweep(10 * INACTIVITY_MS);
    expect(calls).toHaveLength(0);
  });

  it('brings a swept host back to ok on its next report', () => {
    const { table, calls } = makeTable();
    table.report('node01', FACTS, load(), 1_000);
    table.sweep(1_000 + INACTIVITY_MS + 1);
    table.report('node01', FACTS, load(), 40_000);
    expect(calls.map((c) => c.map((r) => `${r.name}:${r.status}`))).toEqual([
      ['node01:ok'],
      ['node01:unavail'],
      ['node01:ok'],
    ]);
  });

  it('refuses the report of a host not in the cluster file and notifies nobody', () => {
    const { table, calls } = makeTable();
    expect(table.report('stranger', FACTS, load(), 1_000)).toBe(false);
    expect(calls).toHaveLength(0);
    expect(table.has('stranger')).toBe(false);
    expect(table.list()).toHaveLength(3);
  });

  it('hands out copies so that callers cannot change the table', () => {
    const { table, calls } = makeTable();
    table.report('node01', FACTS, load(), 1_000);
    calls[0][0].status = 'busy';
    table.list()[0].status = 'unavail';
    expect(table.list()[0].status).toBe('ok');
  });
});
