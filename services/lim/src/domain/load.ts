/** The LSF load indices, named as in lsload. */
export interface Load {
  r15s: number;
  r1m: number;
  r15m: number;
  ut: number;
  pg: number;
  io: number;
  ls: number;
  it: number;
  tmp: number;
  swp: number;
  mem: number;
}

/** Static facts measured on this host. */
export interface HostFacts {
  ncpus: number;
  maxMemMb: number;
  maxSwapMb: number;
  maxTmpMb: number;
  arch: string;
}

export type LoadIndexName = keyof Load;

/** The load indices in lsload's column order. */
export const LOAD_INDEX_ORDER: readonly LoadIndexName[] = [
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
];

/** For these indices a host is busy when the value falls below the threshold, not above. */
export const DECREASING_INDICES: ReadonlySet<LoadIndexName> = new Set(['it', 'tmp', 'swp', 'mem']);
