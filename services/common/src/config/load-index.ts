/** The LSF load indices that a Host section may set thresholds for. */
export type LoadIndexName =
  'r15s' | 'r1m' | 'r15m' | 'ut' | 'pg' | 'io' | 'ls' | 'it' | 'tmp' | 'swp' | 'mem';

/** Load index names in lsload's column order. */
export const LOAD_INDEX_NAMES: readonly LoadIndexName[] = Object.freeze([
  'r15s',
  'r1m',
  'r15m',
  'ut',
  'pg',
  'io',
  'ls',
  'it',
  'tmp',
  'swp',
  'mem',
] as const);

/** The load index a column header names, ignoring case, or null when it names none. */
export function loadIndexNamed(column: string): LoadIndexName | null {
  const lower = column.toLowerCase();
  return LOAD_INDEX_NAMES.find((name) => name === lower) ?? null;
}
