import { ConfigError } from './config-error';
import { nonNegativeInteger, parenList, type ValueSite } from './config-values';
import { cellOf, expectTable, pickSections, tableColumns } from './section-shape';
import { readSections, type Section } from './sections';

/** One row of the Host section of lsb.hosts. */
export interface LsbHostRow {
  /** A host name, or `default` for every host not listed. */
  readonly name: string;
  /** Job slots; null (`!`, `-`, `()` or absent) means one per CPU. */
  readonly mxj: number | null;
  /** Slots per user on the host; null means unlimited. */
  readonly jlu: number | null;
  readonly line: number;
}

/** One row of the HostGroup section. */
export interface HostGroup {
  readonly name: string;
  /** Host names, group names or `all`, as written. */
  readonly members: string[];
  readonly line: number;
}

/** The parsed lsb.hosts file. */
export interface LsbHosts {
  readonly hosts: LsbHostRow[];
  readonly hostGroups: HostGroup[];
}

const DEFAULT_ROW = 'default';

/** Parses lsb.hosts; throws ConfigError naming the line of the first problem. */
export function parseLsbHosts(text: string, file: string): LsbHosts {
  const picked = pickSections(readSections(text, file), file, { Host: 'one', HostGroup: 'one' });
  return {
    hosts: parseHostRows(picked.Host.at(0), file),
    hostGroups: parseHostGroups(picked.HostGroup.at(0), file),
  };
}

/**
 * The limits that apply to `hostName`: its own row, else the `default` row, else null (no
 * limits configured). Host names compare ignoring case.
 */
export function lsbHostLimits(lsbHosts: LsbHosts, hostName: string): LsbHostRow | null {
  const wanted = hostName.toLowerCase();
  const own = lsbHosts.hosts.find((row) => row.name.toLowerCase() === wanted);
  return own ?? lsbHosts.hosts.find((row) => row.name === DEFAULT_ROW) ?? null;
}

function parseHostRows(section: Section | undefined, file: string): LsbHostRow[] {
  if (section === undefined) {
    return [];
  }
  expectTable(section, file);
  const columns = tableColumns(section, file, ['HOST_NAME']);

  const rows = new Map<string, LsbHostRow>();
  for (const row of section.rows) {
    const name = requiredCell(cellOf(row, columns, 'HOST_NAME'), 'HOST_NAME', file, row.line);
    const earlier = rows.get(name.toLowerCase());
    if (earlier !== undefined) {
      const reason = `host ${name} is already listed on line ${earlier.line}`;
      throw new ConfigError(file, row.line, reason);
    }
    const at: ValueSite = { file, line: row.line };
    const mxj = slotLimit(cellOf(row, columns, 'MXJ'), 'MXJ', at);
    const jlu = slotLimit(cellOf(row, columns, 'JL/U'), 'JL/U', at);
    rows.set(name.toLowerCase(), { name, mxj, jlu, line: row.line });
  }
  return [...rows.values()];
}

function parseHostGroups(section: Section | undefined, file: string): HostGroup[] {
  if (section === undefined) {
    return [];
  }
  expectTable(section, file);
  const columns = tableColumns(section, file, ['GROUP_NAME', 'GROUP_MEMBER']);

  const groups = new Map<string, HostGroup>();
  for (const row of section.rows) {
    const name = requiredCell(cellOf(row, columns, 'GROUP_NAME'), 'GROUP_NAME', file, row.line);
    const earlier = groups.get(name);
    if (earlier !== undefined) {
      const reason = `host group ${name} is already defined on line ${earlier.line}`;
      throw new ConfigError(file, row.line, reason);
    }
    const cell = cellOf(row, columns, 'GROUP_MEMBER');
    const members = parenList(cell);
    if (members === null) {
      const reason = `GROUP_MEMBER must be a parenthesised list like (hostA hostB), got '${cell}'`;
      throw new ConfigError(file, row.line, reason);
    }
    groups.set(name, { name, members, line: row.line });
  }
  return [...groups.values()];
}

function requiredCell(cell: string, column: string, file: string, line: number): string {
  if (cell === '') {
    throw new ConfigError(file, line, `row has no ${column} value`);
  }
  return cell;
}

/** `()` counts as unset too: stock LSF lsb.hosts files write it in the default row. */
function slotLimit(cell: string, column: string, at: ValueSite): number | null {
  if (cell === '' || cell === '-' || cell === '!' || parenList(cell)?.length === 0) {
    return null;
  }
  return nonNegativeInteger(cell, column, at);
}
