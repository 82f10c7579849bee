import {
  ClusterConfig,
  ConfigError,
  loadClusterConfig,
} from '../../../../services/common/src/config';
import { CommandFailure } from './command-failure';

/** The configuration every command reads first: $LSF_ENVDIR/lsf.conf and the files it names. */
export function readClusterConfig(command: string): ClusterConfig {
  const envDir = process.env.LSF_ENVDIR ?? '/etc';
  try {
    return loadClusterConfig(envDir);
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : String(error);
    throw new CommandFailure(`${command}: cannot read the configuration: ${reason}`);
  }
}
