export { ConfigError } from './config-error';
export { LOAD_INDEX_NAMES, type LoadIndexName } from './load-index';
export { parseLsfConf, readLsfConfEntries, type LsfConfEntry } from './lsf-conf';
export { readSections, type KeywordValue, type Section, type TableRow } from './sections';
export {
  parseClusterFile,
  type ClusterFile,
  type ClusterHost,
  type LimTiming,
} from './cluster-file';
export { parseLsfShared, type HostModel, type LsfShared } from './lsf-shared';
export { defaultQueue, parseLsbQueues, type LimitPair, type QueueConfig } from './lsb-queues';
export {
  lsbHostLimits,
  parseLsbHosts,
  type HostGroup,
  type LsbHostRow,
  type LsbHosts,
} from './lsb-hosts';
export { parseLsbParams, type LsbParams } from './lsb-params';
export {
  cpuFactorOf,
  hostByName,
  loadClusterConfig,
  loadHostConfig,
  type ClusterConfig,
  type HostConfig,
  type Ports,
} from './cluster-config';
export { memoryKb, unitForLimitsKb } from './limit-units';
