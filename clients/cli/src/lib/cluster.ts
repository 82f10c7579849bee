import {
  ClusterConfig,
  ConfigError,
  HostConfig,
  loadClusterConfig,
  loadHostConfig,
} from '../../../../services/common/src/config';
import { CommandFailure } from './command-failure';

function envDir(): string {
  return process.env.LSF_ENVDIR ?? '/etc';
}

function readOrFail<T>(command: string, load: (dir: string) => T): T {
  try {
    return load(envDir());
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : String(error);
    throw new CommandFailure(`${command}: cannot read the configuration: ${reason}`);
  }
}

/**
 * The configuration every command reads first: $LSF_ENVDIR/lsf.conf and the cluster files it
 * names, not the batch files, whose mistakes are mbatchd's to report (see HostConfig).
 */
export function readClusterConfig(command: string): HostConfig {
  return readOrFail(command, loadHostConfig);
}

/** Everything, the batch files too: for bparams, which shows lsb.params. */
export function readBatchConfig(command: string): ClusterConfig {
  return readOrFail(command, loadClusterConfig);
}

/** Why the whole configuration cannot be read, with file and line; null when it can. */
export function checkConfig(): string | null {
  try {
    loadClusterConfig(envDir());
    return null;
  } catch (error) {
    return error instanceof ConfigError ? error.message : String(error);
  }
}

/** lsb.params JOB_SPOOL_DIR, or empty when it is not set or the batch files cannot be read. */
export function jobSpoolDir(): string {
  try {
    return loadClusterConfig(envDir()).params.jobSpoolDir;
  } catch {
    return '';
  }
}
