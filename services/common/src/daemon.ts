import dns from 'node:dns/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ClusterConfig, ClusterHost, ConfigError, hostByName, loadClusterConfig } from './config';
import { ClusterAuth, ClusterKeyError, readClusterKey, type DaemonRole } from './cluster-auth';
import { createLogger, Logger } from './logging';
import { securitySettings, type SecuritySettings } from './security-settings';

/** Exit codes of the daemons, for service managers and tests. */
export const DaemonExit = {
  OK: 0,
  USAGE: 64,
  CONFIG: 78,
  STARTUP: 70,
} as const;

export interface DaemonContext {
  config: ClusterConfig;
  /** The host of the cluster file this daemon acts as. */
  host: ClusterHost;
  /** The address this daemon binds. */
  address: string;
  log: Logger;
  security: SecuritySettings;
  /** Signs this daemon's requests to the others and checks theirs. */
  auth: ClusterAuth;
}

const USAGE = 'usage: %s [--host NAME]\n  LSF_ENVDIR names the directory that holds lsf.conf';

/**
 * Reads the arguments and the whole configuration before anything else starts: a daemon
 * never runs on half-read configuration, so every problem here ends the process.
 */
export async function prepareDaemon(daemon: DaemonRole, argv: string[]): Promise<DaemonContext> {
  const hostName = parseHostArgument(daemon, argv);
  const envDir = process.env.LSF_ENVDIR ?? '/etc';

  let config: ClusterConfig;
  let security: SecuritySettings;
  let key: Buffer;
  try {
    config = loadClusterConfig(envDir);
    security = securitySettings(config);
    key = readClusterKey(security.clusterKeyFile);
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof ClusterKeyError;
    const reason = known ? (error as Error).message : String(error);
    process.stderr.write(`${daemon}: bad configuration: ${reason}\n`);
    process.exit(DaemonExit.CONFIG);
  }

  const host = hostByName(config, hostName);
  if (!host) {
    process.stderr.write(
      `${daemon}: host ${hostName} is not in lsf.cluster.${config.clusterName}\n`,
    );
    process.exit(DaemonExit.CONFIG);
  }
  const log = createLogger({
    daemon,
    host: host.name,
    logDir: config.logDir,
    logMask: config.logMask,
  });
  if (security.userAuth === 'trust') {
    log.warn('users are not authenticated', {
      setting: 'LSF_AUTH=trust',
      reason: 'any local user can act as any other user; use it only in a single-user sandbox',
    });
  }
  const address = await resolveAddress(host).catch((error: Error) => {
    log.error('cannot resolve host address', { host: host.name, reason: error.message });
    process.exit(DaemonExit.STARTUP);
  });
  return { config, host, address, log, security, auth: new ClusterAuth(key, daemon) };
}

function parseHostArgument(daemon: string, argv: string[]): string {
  try {
    const { values } = parseArgs({ args: argv, options: { host: { type: 'string' } } });
    return values.host ?? os.hostname();
  } catch (error) {
    process.stderr.write(
      `${daemon}: ${(error as Error).message}\n${USAGE.replace('%s', daemon)}\n`,
    );
    process.exit(DaemonExit.USAGE);
  }
}

/** The ADDRESS column wins; without it the name resolves through DNS, as in LSF. */
export async function resolveAddress(host: ClusterHost): Promise<string> {
  if (host.address) {
    return host.address;
  }
  const { address } = await dns.lookup(host.name);
  return address;
}

/**
 * Stops cleanly on SIGTERM or SIGINT, once. Errors of single calls never end a daemon: a
 * client that goes away mid-reply only fails its own call.
 */
export function handleShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('daemon stopping', { reason: signal });
    stop()
      .catch((error: Error) => log.error('unclean stop', { reason: error.message }))
      .finally(() => process.exit(DaemonExit.OK));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection', { reason: String(reason) }),
  );
}
