import { ConfigError } from './config-error';
import type { ValueSite } from './config-values';
import type { Section, TableRow } from './sections';

/** How many times a file may hold a section: once, any number of times, or any and unused. */
export type SectionRule = 'one' | 'many' | 'ignored';

/**
 * Groups sections under the names a file allows, matched ignoring case. An unknown name or a
 * second copy of a 'one' section is an error: skipping a misspelt section would drop settings.
 */
export function pickSections<K extends string>(
  sections: Section[],
  file: string,
  rules: Record<K, SectionRule>,
): Record<K, Section[]> {
  const names = Object.keys(rules) as K[];
  const picked = {} as Record<K, Section[]>;
  for (const name of names) {
    picked[name] = [];
  }

  for (const section of sections) {
    const name = names.find((known) => known.toLowerCase() === section.name.toLowerCase());
    if (name === undefined) {
      const reason = `unknown section ${section.name}; expected ${names.join(', ')}`;
      throw new ConfigError(file, section.line, reason);
    }
    const [first] = picked[name];
    if (rules[name] === 'one' && first !== undefined) {
      const reason = `second ${name} section; the first begins on line ${first.line}`;
      throw new ConfigError(file, section.line, reason);
    }
    picked[name].push(section);
  }

  return picked;
}

/** Refuses a table inside a section made of `KEY = value` lines. */
export function expectKeywords(section: Section, file: string): void {
  if (section.header !== null) {
    const found = section.header.join(' ');
    const reason = `${section.name} section takes KEY = value lines, found '${found}'`;
    throw new ConfigError(file, section.headerLine, reason);
  }
}

/** Refuses `KEY = value` lines inside a table section. */
export function expectTable(section: Section, file: string): void {
  const first = section.keywords.entries().next();
  if (first.done !== true) {
    const [key, { line }] = first.value;
    const reason = `${section.name} section takes a table, found keyword ${key}`;
    throw new ConfigError(file, line, reason);
  }
}

/**
 * Column positions keyed by lower-cased name. Column names must be unique and the required
 * ones present; a section without a header has no rows, so it needs no columns.
 */
export function tableColumns(
  section: Section,
  file: string,
  required: readonly string[],
): Map<string, number> {
  const columns = new Map<string, number>();
  if (section.header === null) {
    return columns;
  }

  for (const [index, name] of section.header.entries()) {
    const lower = name.toLowerCase();
    if (columns.has(lower)) {
      throw new ConfigError(file, section.headerLine, `column ${name} appears twice in the header`);
    }
    columns.set(lower, index);
  }

  const missing = required.find((name) => !columns.has(name.toLowerCase()));
  if (missing !== undefined) {
    const reason = `${section.name} section header has no ${missing} column`;
    throw new ConfigError(file, section.headerLine, reason);
  }
  return columns;
}

/** The cell of `row` under column `name` (any case), or '' when the column is absent. */
export function cellOf(row: TableRow, columns: Map<string, number>, name: string): string {
  const index = columns.get(name.toLowerCase());
  return index === undefined ? '' : row.cells[index];
}

/** Turns a keyword's text into a value, throwing ConfigError at `at` when it is bad. */
export type ValueParser<T> = (value: string, key: string, at: ValueSite) => T;

/** A reader of keyword values: undefined when the keyword is absent, else the parsed value. */
export type KeywordReader = <T>(key: string, parse: ValueParser<T>) => T | undefined;

/** Builds a KeywordReader over a section that may be missing (every keyword then absent). */
export function keywordReader(section: Section | undefined, file: string): KeywordReader {
  return (key, parse) => {
    const entry = section?.keywords.get(key);
    return entry === undefined ? undefined : parse(entry.value, key, { file, line: entry.line });
  };
}
