import type { LoadIndexName } from '../../../common/src/config/load-index';

export { LOAD_INDEX_NAMES, type LoadIndexName } from '../../../common/src/config/load-index';

/** The LSF load indices, named as in lsload. */
export type Load = Record<LoadIndexName, number>;

/** Static facts measured on this host. */
export interface HostFacts {
  ncpus: number;
  maxMemMb: number;
  maxSwapMb: number;
  maxTmpMb: number;
  arch: string;
}

/** For these indices a host is busy when the value falls below the threshold, not above. */
export const DECREASING_INDICES: ReadonlySet<LoadIndexName> = new Set(['it', 'tmp', 'swp', 'mem']);
