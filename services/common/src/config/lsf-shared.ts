import { ConfigError } from './config-error';
import { isClusterName, parenList, positiveNumber } from './config-values';
import { cellOf, expectTable, pickSections, tableColumns } from './section-shape';
import { readSections, type Section } from './sections';

/** One HostModel row: a model name and how fast it is relative to the others. */
export interface HostModel {
  readonly name: string;
  /** Relative speed, > 0; normalises CPU and run limits across hosts. */
  readonly cpuFactor: number;
  /** The ARCHITECTURE cell without parentheses, or null when empty. */
  readonly architecture: string | null;
}

/** The parsed lsf.shared file. */
export interface LsfShared {
  readonly clusterNames: string[];
  readonly hostTypes: string[];
  readonly hostModels: HostModel[];
}

/** Parses lsf.shared; throws ConfigError naming the line of the first problem. */
export function parseLsfShared(text: string, file: string): LsfShared {
  const picked = pickSections(readSections(text, file), file, {
    Cluster: 'one',
    HostType: 'one',
    HostModel: 'one',
    Resource: 'ignored',
  });

  return {
    clusterNames: uniqueColumn(picked.Cluster.at(0), 'CLUSTERNAME', file, isClusterName),
    hostTypes: uniqueColumn(picked.HostType.at(0), 'TYPENAME', file),
    hostModels: parseHostModels(picked.HostModel.at(0), file),
  };
}

/** The values of one column, refusing empty, repeated and (when `valid` is given) bad ones. */
function uniqueColumn(
  section: Section | undefined,
  column: string,
  file: string,
  valid: (value: string) => boolean = () => true,
): string[] {
  if (section === undefined) {
    return [];
  }
  expectTable(section, file);
  const columns = tableColumns(section, file, [column]);

  const seen = new Map<string, number>();
  for (const row of section.rows) {
    const value = cellOf(row, columns, column);
    const earlier = seen.get(value);
    if (value === '') {
      throw new ConfigError(file, row.line, `row has no ${column} value`);
    }
    if (!valid(value)) {
      throw new ConfigError(file, row.line, `invalid ${column} '${value}'`);
    }
    if (earlier !== undefined) {
      const reason = `${column} ${value} is already listed on line ${earlier}`;
      throw new ConfigError(file, row.line, reason);
    }
    seen.set(value, row.line);
  }
  return [...seen.keys()];
}

function parseHostModels(section: Section | undefined, file: string): HostModel[] {
  const names = uniqueColumn(section, 'MODELNAME', file);
  if (section === undefined) {
    return [];
  }

  const columns = tableColumns(section, file, ['MODELNAME', 'CPUFACTOR']);
  return section.rows.map((row, index) => {
    const name = names[index];
    const cpuFactor = cellOf(row, columns, 'CPUFACTOR');
    return {
      name,
      cpuFactor: positiveNumber(cpuFactor, `CPUFACTOR of ${name}`, { file, line: row.line }),
      architecture: architecture(cellOf(row, columns, 'ARCHITECTURE')),
    };
  });
}

function architecture(cell: string): string | null {
  const inner = parenList(cell)?.join(' ') ?? cell;
  return inner === '' || inner === '-' ? null : inner;
}
