import type {
  HostInfo,
  HostLoad,
  LoadIndices,
  LoadThresholds,
} from '../../../../services/common/src/generated/lavalite/v1/host';
import { HostStatus } from '../../../../services/common/src/generated/lavalite/v1/host';
import { formatMegabytes, left, right, rightNoCut } from './columns';

export type LoadIndexName = keyof LoadIndices;

/** lsload's columns in order, with their widths; io appears only with -l or -I. */
const LOAD_COLUMNS: readonly { index: LoadIndexName; width: number; longOnly?: boolean }[] = [
  { index: 'r15s', width: 6 },
  { index: 'r1m', width: 6 },
  { index: 'r15m', width: 6 },
  { index: 'ut', width: 5 },
  { index: 'pg', width: 6 },
  { index: 'io', width: 6, longOnly: true },
  { index: 'ls', width: 4 },
  { index: 'it', width: 6 },
  { index: 'tmp', width: 6 },
  { index: 'swp', width: 6 },
  { index: 'mem', width: 6 },
];

export const LOAD_INDEX_NAMES: readonly LoadIndexName[] = LOAD_COLUMNS.map((c) => c.index);

/** One index value as lsload prints it. */
export function formatLoadValue(index: LoadIndexName, value: number): string {
  switch (index) {
    case 'ut':
      return `${Math.round(value * 100)}%`;
    case 'io':
    case 'ls':
    case 'it':
      return String(Math.round(value));
    case 'tmp':
    case 'swp':
    case 'mem':
      return formatMegabytes(value);
    default:
      return value.toFixed(1);
  }
}

const STATUS_WORD: Record<number, string> = {
  [HostStatus.HOST_STATUS_OK]: 'ok',
  [HostStatus.HOST_STATUS_BUSY]: 'busy',
  [HostStatus.HOST_STATUS_UNAVAIL]: 'unavail',
};

export interface LsloadOptions {
  /** -l: every index including io, wide names. */
  long: boolean;
  /** -w: wide names. */
  wide: boolean;
  /** -I: only these indices, in this order. */
  indices: LoadIndexName[] | null;
}

/** lsload's table: one header, one row per host; an unavail host shows only its status. */
export function renderLsload(hosts: readonly HostLoad[], options: LsloadOptions): string {
  const nameWidth = options.long || options.wide ? 23 : 15;
  const columns = options.indices
    ? options.indices.map((index) => LOAD_COLUMNS.find((c) => c.index === index)!)
    : LOAD_COLUMNS.filter((column) => options.long || !column.longOnly);

  const header =
    left('HOST_NAME', nameWidth) +
    ' ' +
    rightNoCut('status', 6) +
    columns.map((column) => rightNoCut(column.index, column.width)).join('');
  const rows = hosts.map((host) => {
    const status = STATUS_WORD[host.status] ?? 'unavail';
    const head = left(host.name, nameWidth) + ' ' + rightNoCut(status, 6);
    if (host.status === HostStatus.HOST_STATUS_UNAVAIL || !host.load) {
      return head;
    }
    const load = host.load;
    const busy = new Set(host.busyIndices);
    return (
      head +
      columns
        .map((column) => {
          const marker = busy.has(column.index) ? '*' : '';
          return rightNoCut(
            marker + formatLoadValue(column.index, load[column.index]),
            column.width,
          );
        })
        .join('')
    );
  });
  return [header, ...rows].join('\n') + '\n';
}

/** lshosts's table (`%-11.11s %7.7s %8.8s %5.1f %5d %6s %6s %6s (res)`, wider with -w). */
export function renderLshosts(hosts: readonly HostInfo[], wide: boolean): string {
  const widths = wide ? { name: 25, type: 10, model: 11 } : { name: 11, type: 7, model: 8 };
  const cut = wide ? (text: string, width: number) => rightNoCut(text, width) : right;
  const line = (cells: string[]): string =>
    [
      left(cells[0], widths.name),
      cut(cells[1], widths.type),
      cut(cells[2], widths.model),
      rightNoCut(cells[3], 5),
      rightNoCut(cells[4], 5),
      rightNoCut(cells[5], 6),
      rightNoCut(cells[6], 6),
      rightNoCut(cells[7], 6),
      cells[8],
    ].join(' ');

  const header = line([
    'HOST_NAME',
    'type',
    'model',
    'cpuf',
    'ncpus',
    'maxmem',
    'maxswp',
    'server',
    'RESOURCES',
  ]);
  const rows = hosts.map((host) =>
    line([
      host.name,
      host.type || '-',
      host.model || '-',
      host.cpuFactor.toFixed(1),
      host.reported ? String(host.ncpus) : '-',
      host.reported ? formatMegabytes(host.maxMemMb) : '-',
      host.reported ? formatMegabytes(host.maxSwapMb) : '-',
      host.server ? 'Yes' : 'No',
      `(${host.resources.join(' ')})`,
    ]),
  );
  return [header, ...rows].join('\n') + '\n';
}

/** lshosts -l: one block per host with its static facts, resources and thresholds. */
export function renderLshostsLong(
  hosts: readonly HostInfo[],
  thresholds: readonly LoadThresholds[],
): string {
  const blocks = hosts.map((host, i) => {
    const facts = [
      left(host.type || '-', 10),
      rightNoCut(host.model || '-', 11),
      rightNoCut(host.cpuFactor.toFixed(1), 6),
      rightNoCut(host.reported ? String(host.ncpus) : '-', 6),
      rightNoCut(host.reported ? formatMegabytes(host.maxMemMb) : '-', 7),
      rightNoCut(host.reported ? formatMegabytes(host.maxSwapMb) : '-', 7),
      rightNoCut(host.reported ? formatMegabytes(host.maxTmpMb) : '-', 7),
      rightNoCut(host.server ? 'Yes' : 'No', 7),
    ].join('');
    const limits = thresholds[i] ?? {};
    const thresholdRow = LOAD_INDEX_NAMES.map((index) => {
      const value = limits[index];
      return rightNoCut(value === undefined ? '-' : formatLoadValue(index, value), 6);
    }).join('');
    return [
      `HOST_NAME:  ${host.name}`,
      'type            model  cpuf ncpus  maxmem  maxswp  maxtmp server',
      facts,
      '',
      `RESOURCES: (${host.resources.join(' ')})`,
      'RUN_WINDOWS:  (always open)',
      '',
      'LOAD_THRESHOLDS:',
      LOAD_INDEX_NAMES.map((index) => rightNoCut(index, 6)).join(''),
      thresholdRow,
      '',
    ].join('\n');
  });
  return blocks.join('\n') + '\n';
}
