import { isIP } from 'node:net';
import { ConfigError } from './config-error';
import {
  nonNegativeNumber,
  parenList,
  positiveInteger,
  positiveNumber,
  words,
  type ValueSite,
} from './config-values';
import { loadIndexNamed, type LoadIndexName } from './load-index';
import {
  cellOf,
  expectKeywords,
  expectTable,
  keywordReader,
  pickSections,
  tableColumns,
} from './section-shape';
import { readSections, type Section, type TableRow } from './sections';

/** One row of the Host section of lsf.cluster.<name>. */
export interface ClusterHost {
  readonly name: string;
  /** null when `!`, `-` or absent: detected by the host itself. */
  readonly model: string | null;
  readonly type: string | null;
  /** false for client-only hosts (server column 0). */
  readonly server: boolean;
  readonly resources: string[];
  readonly address: string | null;
  readonly thresholds: Partial<Record<LoadIndexName, number>>;
  readonly line: number;
}

/** LIM timing from the Parameters section. */
export interface LimTiming {
  /** EXINTERVAL: seconds between load exchanges; fractions allowed for fast tests. */
  readonly exchangeIntervalSec: number;
  /** HOST_INACTIVITY_LIMIT: exchange intervals without news before a host is unavailable. */
  readonly hostInactivityLimit: number;
}

/** The parsed lsf.cluster.<name> file. */
export interface ClusterFile {
  /** Cluster administrators; the first is the primary one. */
  readonly admins: string[];
  /** Parameters section keywords, upper-cased, with raw values. */
  readonly parameters: Map<string, string>;
  readonly limTiming: LimTiming;
  /** Hosts in file order, which decides master election without LSF_MASTER_LIST. */
  readonly hosts: ClusterHost[];
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DEFAULT_EXCHANGE_INTERVAL_SEC = 15;
const DEFAULT_HOST_INACTIVITY_LIMIT = 5;

/** Parses lsf.cluster.<name>; throws ConfigError naming the line of the first problem. */
export function parseClusterFile(text: string, file: string): ClusterFile {
  const picked = pickSections(readSections(text, file), file, {
    ClusterAdmins: 'one',
    Parameters: 'one',
    Host: 'one',
    ResourceMap: 'ignored',
  });

  const hostSection = picked.Host.at(0);
  if (hostSection === undefined) {
    throw new ConfigError(file, 0, 'no Host section: the cluster file must list its hosts');
  }

  const params = picked.Parameters.at(0);
  if (params !== undefined) {
    expectKeywords(params, file);
  }
  const parameters = new Map<string, string>();
  for (const [key, { value }] of params?.keywords ?? []) {
    parameters.set(key, value);
  }

  return {
    admins: parseAdmins(picked.ClusterAdmins.at(0), file),
    parameters,
    limTiming: parseLimTiming(params, file),
    hosts: parseHosts(hostSection, file),
  };
}

function parseAdmins(section: Section | undefined, file: string): string[] {
  if (section === undefined) {
    return [];
  }

  const admins =
    section.header === null ? adminsFromKeyword(section, file) : adminsFromTable(section, file);
  if (admins.length === 0) {
    throw new ConfigError(file, section.line, 'ClusterAdmins section names no administrators');
  }
  return admins;
}

function adminsFromKeyword(section: Section, file: string): string[] {
  for (const [key, { line }] of section.keywords) {
    if (key !== 'ADMINISTRATORS') {
      throw new ConfigError(file, line, `unknown keyword ${key} in ClusterAdmins`);
    }
  }
  return words(section.keywords.get('ADMINISTRATORS')?.value ?? '');
}

function adminsFromTable(section: Section, file: string): string[] {
  expectTable(section, file);
  const columns = tableColumns(section, file, ['ADMINISTRATORS']);
  return section.rows.flatMap((row) => {
    const cell = cellOf(row, columns, 'ADMINISTRATORS');
    return parenList(cell) ?? words(cell);
  });
}

function parseLimTiming(section: Section | undefined, file: string): LimTiming {
  const get = keywordReader(section, file);
  return {
    exchangeIntervalSec: get('EXINTERVAL', positiveNumber) ?? DEFAULT_EXCHANGE_INTERVAL_SEC,
    hostInactivityLimit:
      get('HOST_INACTIVITY_LIMIT', positiveInteger) ?? DEFAULT_HOST_INACTIVITY_LIMIT,
  };
}

function parseHosts(section: Section, file: string): ClusterHost[] {
  expectTable(section, file);
  if (section.rows.length === 0) {
    throw new ConfigError(file, section.line, 'Host section lists no hosts');
  }

  const columns = tableColumns(section, file, ['HOSTNAME']);
  const seen = new Map<string, ClusterHost>();
  for (const row of section.rows) {
    const host = parseHostRow(row, columns, file);
    const earlier = seen.get(host.name.toLowerCase());
    if (earlier !== undefined) {
      const reason = `host ${host.name} is already listed on line ${earlier.line}`;
      throw new ConfigError(file, row.line, reason);
    }
    seen.set(host.name.toLowerCase(), host);
  }

  return [...seen.values()];
}

function parseHostRow(row: TableRow, columns: Map<string, number>, file: string): ClusterHost {
  const at: ValueSite = { file, line: row.line };
  const cell = (name: string): string => cellOf(row, columns, name);

  const name = cell('HOSTNAME');
  if (!HOST_NAME.test(name)) {
    throw new ConfigError(file, row.line, `invalid HOSTNAME '${name}'`);
  }

  return {
    name,
    model: autoDetected(cell('model')),
    type: autoDetected(cell('type')),
    server: serverFlag(cell('server'), at),
    resources: resourceList(cell('RESOURCES'), at),
    address: hostAddress(cell('ADDRESS'), at),
    thresholds: thresholds(row, columns, at),
    line: row.line,
  };
}

function autoDetected(cell: string): string | null {
  return cell === '' || cell === '!' || cell === '-' ? null : cell;
}

function serverFlag(cell: string, at: ValueSite): boolean {
  if (cell === '' || cell === '1') {
    return true;
  }
  if (cell === '0') {
    return false;
  }
  throw new ConfigError(at.file, at.line, `server must be 1 or 0, got '${cell}'`);
}

function resourceList(cell: string, at: ValueSite): string[] {
  if (cell === '' || cell === '-') {
    return [];
  }

  const list = parenList(cell);
  if (list === null) {
    const reason = `RESOURCES must be a parenthesised list such as (fs cs), got '${cell}'`;
    throw new ConfigError(at.file, at.line, reason);
  }
  return list;
}

function hostAddress(cell: string, at: ValueSite): string | null {
  if (cell === '' || cell === '-') {
    return null;
  }
  if (isIP(cell) === 0) {
    throw new ConfigError(at.file, at.line, `ADDRESS '${cell}' is not an IPv4 or IPv6 address`);
  }
  return cell;
}

function thresholds(
  row: TableRow,
  columns: Map<string, number>,
  at: ValueSite,
): Partial<Record<LoadIndexName, number>> {
  const result: Partial<Record<LoadIndexName, number>> = {};
  for (const [column, index] of columns) {
    const loadIndex = loadIndexNamed(column);
    const cell = row.cells[index];
    const unset = cell === '' || cell === '-' || parenList(cell)?.length === 0;
    if (loadIndex !== null && !unset) {
      result[loadIndex] = nonNegativeNumber(cell, `threshold ${loadIndex}`, at);
    }
  }
  return result;
}
