import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  parseClusterFile,
  type ClusterFile,
  type ClusterHost,
  type LimTiming,
} from './cluster-file';
import { ConfigError } from './config-error';
import { isClusterName, words } from './config-values';
import { deepFreeze } from './deep-freeze';
import { parseLsbHosts, type LsbHosts } from './lsb-hosts';
import { parseLsbParams, type LsbParams } from './lsb-params';
import { defaultQueue, parseLsbQueues, type QueueConfig } from './lsb-queues';
import { readLsfConfEntries, type LsfConfEntry } from './lsf-conf';
import { parseLsfShared, type LsfShared } from './lsf-shared';

/** Service ports from lsf.conf. */
export interface Ports {
  /** LSF_LIM_PORT */
  readonly lim: number;
  /** LSB_MBD_PORT */
  readonly mbd: number;
  /** LSB_SBD_PORT */
  readonly sbd: number;
}

/** Everything a daemon reads at start-up, checked across files and deeply frozen. */
export interface ClusterConfig {
  /** Absolute directory holding lsf.conf. */
  readonly envDir: string;
  readonly clusterName: string;
  /** Every lsf.conf setting as written, including ones LavaLite does not use. */
  readonly lsfConf: Map<string, string>;
  /** Master candidates in election order, spelt as in the cluster file. */
  readonly masterList: string[];
  readonly ports: Ports;
  /** LSF_LOGDIR; null means log to syslog. */
  readonly logDir: string | null;
  readonly logMask: string;
  /** LSB_SHAREDIR: event log and accounting; null when unset. */
  readonly shareDir: string | null;
  readonly cluster: ClusterFile;
  /** lsf.shared, or null when the file does not exist. */
  readonly shared: LsfShared | null;
  readonly queues: QueueConfig[];
  readonly lsbHosts: LsbHosts;
  readonly params: LsbParams;
  readonly limTiming: LimTiming;
  /** Paths of the files actually read, in reading order. */
  readonly files: string[];
}

/** lsf.conf settings by key, holding only non-empty values, as `test -n` would see them. */
interface Settings {
  readonly file: string;
  readonly entries: Map<string, LsfConfEntry>;
}

interface BatchConfig {
  readonly queues: QueueConfig[];
  readonly lsbHosts: LsbHosts;
  readonly params: LsbParams;
}

const MAX_PORT = 65535;
const LOG_MASK = /^LOG_(EMERG|ALERT|CRIT|ERR|WARNING|NOTICE|INFO|DEBUG[1-3]?)$/;
const BUILT_IN_QUEUE = 'normal';
const BUILT_IN_QUEUE_PRIORITY = 30;

/**
 * What a command needs to find the cluster's daemons: lsf.conf, lsf.shared and the cluster
 * file, without the batch files (lsb.queues, lsb.hosts, lsb.params) that only mbatchd and
 * sbatchd read, as in LSF; so a mistake there, which `badmin reconfig` reports, never stops
 * the users' commands.
 */
export type HostConfig = Omit<ClusterConfig, keyof BatchConfig>;

/**
 * Reads and checks the whole cluster configuration under `envDir` (LSF_ENVDIR). Relative
 * directories in lsf.conf are taken relative to `envDir`. Throws ConfigError, naming the file
 * and line, on the first problem in any file, so a daemon never runs on half-read settings.
 */
export function loadClusterConfig(envDir: string): ClusterConfig {
  const { config, batchDir, read } = readHostFiles(envDir);
  return deepFreeze({ ...config, ...readBatchFiles(batchDir, read) });
}

/** Reads and checks lsf.conf, lsf.shared and the cluster file only (see HostConfig). */
export function loadHostConfig(envDir: string): HostConfig {
  return deepFreeze(readHostFiles(envDir).config);
}

/** The host part of the configuration, and where and how to read the batch files. */
function readHostFiles(envDir: string): {
  config: HostConfig;
  batchDir: string;
  read: (path: string) => string | null;
} {
  const dir = resolve(envDir);
  const files: string[] = [];
  const read = (path: string): string | null => {
    const text = readIfPresent(path);
    if (text !== null) {
      files.push(path);
    }
    return text;
  };

  const confEntries = readLsfConf(join(dir, 'lsf.conf'), read);
  const settings = nonEmptySettings(confEntries, join(dir, 'lsf.conf'));

  const confDir = directory(settings, 'LSF_CONFDIR', dir) ?? dir;
  const sharedPath = join(confDir, 'lsf.shared');
  const sharedText = read(sharedPath);
  const shared = sharedText === null ? null : parseLsfShared(sharedText, sharedPath);
  const clusterName = resolveClusterName(settings, shared);

  const clusterPath = join(confDir, `lsf.cluster.${clusterName}`);
  const clusterText = read(clusterPath);
  if (clusterText === null) {
    throw new ConfigError(clusterPath, 0, `lsf.cluster.${clusterName} not found`);
  }
  const cluster = parseClusterFile(clusterText, clusterPath);

  const batchRoot = directory(settings, 'LSB_CONFDIR', dir);
  const batchDir = batchRoot === null ? dir : join(batchRoot, clusterName, 'configdir');

  const config: HostConfig = {
    envDir: dir,
    clusterName,
    lsfConf: new Map(confEntries.map((entry) => [entry.key, entry.value])),
    masterList: resolveMasterList(settings, cluster, clusterPath),
    ports: {
      lim: port(settings, 'LSF_LIM_PORT', 7869),
      mbd: port(settings, 'LSB_MBD_PORT', 6881),
      sbd: port(settings, 'LSB_SBD_PORT', 6882),
    },
    logDir: directory(settings, 'LSF_LOGDIR', dir),
    logMask: logMask(settings),
    shareDir: directory(settings, 'LSB_SHAREDIR', dir),
    cluster,
    shared,
    limTiming: cluster.limTiming,
    files,
  };
  return { config, batchDir, read };
}

/** The cluster file's host with this name (ignoring case), or undefined. */
export function hostByName(config: HostConfig, name: string): ClusterHost | undefined {
  const wanted = name.toLowerCase();
  return config.cluster.hosts.find((host) => host.name.toLowerCase() === wanted);
}

/** CPU factor of a host model from lsf.shared; 1.0 for unknown or auto-detected models. */
export function cpuFactorOf(config: HostConfig, model: string | null): number {
  const found = config.shared?.hostModels.find((entry) => entry.name === model);
  return found?.cpuFactor ?? 1.0;
}

function readLsfConf(path: string, read: (path: string) => string | null): LsfConfEntry[] {
  const text = read(path);
  if (text === null) {
    throw new ConfigError(path, 0, 'lsf.conf not found');
  }
  return readLsfConfEntries(text, path);
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    const reason = `cannot read: ${(error as Error).message}`;
    throw new ConfigError(path, 0, reason, { cause: error });
  }
}

function nonEmptySettings(entries: LsfConfEntry[], file: string): Settings {
  const byKey = new Map<string, LsfConfEntry>();
  for (const entry of entries) {
    if (entry.value === '') {
      byKey.delete(entry.key);
    } else {
      byKey.set(entry.key, entry);
    }
  }
  return { file, entries: byKey };
}

function directory(settings: Settings, key: string, envDir: string): string | null {
  const entry = settings.entries.get(key);
  return entry === undefined ? null : resolve(envDir, entry.value);
}

function resolveClusterName(settings: Settings, shared: LsfShared | null): string {
  const entry = settings.entries.get('LSF_CLUSTER_NAME');
  if (entry === undefined) {
    const first = shared?.clusterNames.at(0);
    if (first === undefined) {
      const reason = 'LSF_CLUSTER_NAME is not set and no lsf.shared Cluster section names one';
      throw new ConfigError(settings.file, 0, reason);
    }
    return first;
  }

  if (!isClusterName(entry.value)) {
    const reason = `invalid LSF_CLUSTER_NAME '${entry.value}': use letters, digits, _, . or -`;
    throw new ConfigError(settings.file, entry.line, reason);
  }
  return entry.value;
}

function readBatchFiles(dir: string, read: (path: string) => string | null): BatchConfig {
  const queuesPath = join(dir, 'lsb.queues');
  const queuesText = read(queuesPath);
  const queues = queuesText === null ? [builtInQueue()] : parseLsbQueues(queuesText, queuesPath);

  const hostsPath = join(dir, 'lsb.hosts');
  const hostsText = read(hostsPath);
  const lsbHosts = parseLsbHosts(hostsText ?? '', hostsPath);

  const paramsPath = join(dir, 'lsb.params');
  const params = parseLsbParams(read(paramsPath) ?? '', paramsPath);
  const missing = params.defaultQueues.find((name) => !queues.some((q) => q.name === name));
  if (missing !== undefined) {
    const reason = `DEFAULT_QUEUE names queue ${missing}, which lsb.queues does not define`;
    throw new ConfigError(paramsPath, params.lines.get('DEFAULT_QUEUE') ?? 0, reason);
  }

  return { queues, lsbHosts, params };
}

/** The queue a cluster without lsb.queues gets, so that bsub works out of the box. */
function builtInQueue(): QueueConfig {
  return { ...defaultQueue(BUILT_IN_QUEUE, 0), priority: BUILT_IN_QUEUE_PRIORITY };
}

/**
 * LSF_MASTER_LIST when set, else every server host in file order. Each candidate must be a
 * server host of the cluster file: a client-only host runs no daemons to elect.
 */
function resolveMasterList(
  settings: Settings,
  cluster: ClusterFile,
  clusterPath: string,
): string[] {
  const entry = settings.entries.get('LSF_MASTER_LIST');
  if (entry === undefined) {
    const servers = cluster.hosts.filter((host) => host.server).map((host) => host.name);
    if (servers.length === 0) {
      throw new ConfigError(clusterPath, 0, 'no server host (server 1) can act as master');
    }
    return servers;
  }

  const candidates: string[] = [];
  for (const name of words(entry.value)) {
    const host = cluster.hosts.find((h) => h.name.toLowerCase() === name.toLowerCase());
    const problem =
      host === undefined
        ? `is not a host of ${basename(clusterPath)}`
        : candidateProblem(host, candidates);
    if (host === undefined || problem !== null) {
      throw new ConfigError(settings.file, entry.line, `LSF_MASTER_LIST: ${name} ${problem}`);
    }
    candidates.push(host.name);
  }
  return candidates;
}

function candidateProblem(host: ClusterHost, earlier: string[]): string | null {
  if (!host.server) {
    return 'is a client-only host (server 0)';
  }
  return earlier.includes(host.name) ? 'is listed twice' : null;
}

function port(settings: Settings, key: string, fallback: number): number {
  const entry = settings.entries.get(key);
  if (entry === undefined) {
    return fallback;
  }

  const value = Number(entry.value);
  if (!/^\d+$/.test(entry.value) || value < 1 || value > MAX_PORT) {
    const reason = `${key} must be a port number 1-${MAX_PORT}, got '${entry.value}'`;
    throw new ConfigError(settings.file, entry.line, reason);
  }
  return value;
}

function logMask(settings: Settings): string {
  const entry = settings.entries.get('LSF_LOG_MASK');
  if (entry === undefined) {
    return 'LOG_WARNING';
  }
  if (!LOG_MASK.test(entry.value)) {
    const reason = `LSF_LOG_MASK must be a syslog level such as LOG_INFO, got '${entry.value}'`;
    throw new ConfigError(settings.file, entry.line, reason);
  }
  return entry.value;
}
