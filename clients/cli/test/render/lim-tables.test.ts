import {
  HostInfo,
  HostLoad,
  HostStatus,
  LoadIndices,
} from '../../../../services/common/src/generated/lavalite/v1/host';
import { formatLoadValue, renderLshosts, renderLsload } from '../../src/render/lim-tables';

const LSLOAD_HEADER =
  'HOST_NAME       status  r15s   r1m  r15m   ut    pg  ls    it   tmp   swp   mem';
const NODE03_ROW =
  'node03              ok   0.2   0.4   0.3   5%   0.0   1    12   81G    4G   57G';

function indices(overrides: Partial<LoadIndices> = {}): LoadIndices {
  return {
    r15s: 0.2,
    r1m: 0.4,
    r15m: 0.3,
    ut: 0.05,
    pg: 0,
    io: 37,
    ls: 1,
    it: 12,
    tmp: 82944,
    swp: 4096,
    mem: 58368,
    ...overrides,
  };
}

function hostLoad(overrides: Partial<HostLoad> = {}): HostLoad {
  return {
    name: 'node03',
    status: HostStatus.HOST_STATUS_OK,
    load: indices(),
    busyIndices: [],
    reportedAtMs: 1_717_000_000_000,
    ...overrides,
  };
}

const DEFAULT = { long: false, wide: false, indices: null };

describe('renderLsload', () => {
  it('reproduces the LSF header and an ok row byte for byte', () => {
    expect(renderLsload([hostLoad()], DEFAULT)).toBe(`${LSLOAD_HEADER}\n${NODE03_ROW}\n`);
  });

  it('prints only the name and status of an unavail host, as %-15.15s %6s', () => {
    const out = renderLsload(
      [hostLoad({ name: 'node09', status: HostStatus.HOST_STATUS_UNAVAIL, load: indices() })],
      DEFAULT,
    );
    expect(out.split('\n')[1]).toBe('node09' + ' '.repeat(10) + 'unavail');
  });

  it('prints only the name and status of a host that has no load yet', () => {
    const out = renderLsload(
      [hostLoad({ name: 'node09', status: HostStatus.HOST_STATUS_OK, load: undefined })],
      DEFAULT,
    );
    expect(out.split('\n')[1]).toBe('node09              ok');
  });

  it('prefixes a busy index with * and keeps the column aligned', () => {
    const out = renderLsload(
      [
        hostLoad({
          status: HostStatus.HOST_STATUS_BUSY,
          load: indices({ r1m: 7 }),
          busyIndices: ['r1m'],
        }),
      ],
      DEFAULT,
    );
    expect(out.split('\n')[1]).toBe(
      'node03            busy   0.2  *7.0   0.3   5%   0.0   1    12   81G    4G   57G',
    );
  });

  it('marks a busy decreasing index such as mem with * as well', () => {
    const out = renderLsload(
      [
        hostLoad({
          status: HostStatus.HOST_STATUS_BUSY,
          load: indices({ mem: 512 }),
          busyIndices: ['mem'],
        }),
      ],
      DEFAULT,
    );
    expect(out.split('\n')[1].endsWith('   81G    4G *512M')).toBe(true);
  });

  it('adds the io column and widens names to 23 characters with -l', () => {
    const out = renderLsload([hostLoad()], { long: true, wide: false, indices: null });
    const [header, row] = out.split('\n');
    expect(header).toBe(
      'HOST_NAME               status  r15s   r1m  r15m   ut    pg    io  ls    it   tmp   swp   mem',
    );
    expect(row).toBe(
      'node03                      ok   0.2   0.4   0.3   5%   0.0    37   1    12   81G    4G   57G',
    );
  });

  it('widens names to 23 characters without the io column with -w', () => {
    const out = renderLsload([hostLoad({ name: 'compute-node-0042.cluster' })], {
      long: false,
      wide: true,
      indices: null,
    });
    const [header, row] = out.split('\n');
    expect(header).toBe(
      'HOST_NAME               status  r15s   r1m  r15m   ut    pg  ls    it   tmp   swp   mem',
    );
    expect(row.startsWith('compute-node-0042.clust     ok   0.2')).toBe(true);
  });

  it('cuts long host names to 15 characters by default', () => {
    const out = renderLsload([hostLoad({ name: 'compute-node-0042' })], DEFAULT);
    expect(out.split('\n')[1].startsWith('compute-node-00     ok')).toBe(true);
  });

  it('shows only the indices given with -I, in their order', () => {
    const out = renderLsload([hostLoad()], { long: false, wide: false, indices: ['r1m', 'mem'] });
    expect(out).toBe('HOST_NAME       status   r1m   mem\nnode03              ok   0.4   57G\n');
  });

  it('shows io when -I asks for it without -l', () => {
    const out = renderLsload([hostLoad()], { long: false, wide: false, indices: ['io'] });
    expect(out).toBe('HOST_NAME       status    io\nnode03              ok    37\n');
  });

  it('prints one row per host in the given order and only the header for no hosts', () => {
    const out = renderLsload(
      [
        hostLoad({ name: 'node01' }),
        hostLoad({ name: 'node09', status: HostStatus.HOST_STATUS_UNAVAIL }),
      ],
      DEFAULT,
    );
    expect(out.split('\n').map((line) => line.split(' ')[0])).toEqual([
      'HOST_NAME',
      'node01',
      'node09',
      '',
    ]);
    expect(renderLsload([], DEFAULT)).toBe(`${LSLOAD_HEADER}\n`);
  });
});

describe('formatLoadValue', () => {
  it.each([
    ['r15s', 0.25, '0.3'],
    ['r1m', 12, '12.0'],
    ['ut', 0.05, '5%'],
    ['ut', 1, '100%'],
    ['pg', 3.14, '3.1'],
    ['io', 36.6, '37'],
    ['ls', 2, '2'],
    ['it', 0.4, '0'],
    ['tmp', 512, '512M'],
    ['swp', 4096, '4G'],
    ['mem', 64205, '62.7G'],
  ] as const)('prints %s %d as %s', (index, value, text) => {
    expect(formatLoadValue(index, value)).toBe(text);
  });
});

const LSHOSTS_HEADER = 'HOST_NAME      type    model  cpuf ncpus maxmem maxswp server RESOURCES';

function hostInfo(overrides: Partial<HostInfo> = {}): HostInfo {
  return {
    name: 'node03',
    address: '10.0.0.3',
    type: 'X86_64',
    model: 'Intel_EM64T',
    cpuFactor: 60,
    ncpus: 16,
    maxMemMb: 64205,
    maxSwapMb: 4096,
    maxTmpMb: 102400,
    server: true,
    resources: ['mg'],
    reported: true,
    ...overrides,
  };
}

describe('renderLshosts', () => {
  it('reproduces the LSF header and a row, cutting the model to 8 characters', () => {
    expect(renderLshosts([hostInfo()], false)).toBe(
      `${LSHOSTS_HEADER}\nnode03       X86_64 Intel_EM  60.0    16  62.7G     4G    Yes (mg)\n`,
    );
  });

  it('prints - for ncpus, maxmem and maxswp of a host that never reported', () => {
    const out = renderLshosts(
      [hostInfo({ name: 'node09', reported: false, ncpus: 0, maxMemMb: 0, maxSwapMb: 0 })],
      false,
    );
    expect(out.split('\n')[1]).toBe(
      'node09       X86_64 Intel_EM  60.0     -      -      -    Yes (mg)',
    );
  });

  it('prints - for a missing type or model, No for a client host and () for no resources', () => {
    const out = renderLshosts(
      [hostInfo({ type: '', model: '', server: false, resources: [], cpuFactor: 1 })],
      false,
    );
    expect(out.split('\n')[1]).toBe(
      'node03            -        -   1.0    16  62.7G     4G     No ()',
    );
  });

  it('joins several resources with spaces inside the parentheses', () => {
    const out = renderLshosts([hostInfo({ resources: ['mg', 'fs', '!dedicated'] })], false);
    expect(out.split('\n')[1].endsWith('Yes (mg fs !dedicated)')).toBe(true);
  });

  it('cuts long host names to 11 characters without -w', () => {
    const out = renderLshosts([hostInfo({ name: 'compute-node-0042' })], false);
    expect(out.split('\n')[1].startsWith('compute-nod  X86_64 Intel_EM')).toBe(true);
  });

  it('widens the name, type and model columns and stops cutting the model with -w', () => {
    const out = renderLshosts([hostInfo({ name: 'compute-node-0042' })], true);
    const [header, row] = out.split('\n');
    expect(header).toBe(
      'HOST_NAME                       type       model  cpuf ncpus maxmem maxswp server RESOURCES',
    );
    expect(row).toBe(
      'compute-node-0042             X86_64 Intel_EM64T  60.0    16  62.7G     4G    Yes (mg)',
    );
  });
});
