import path from 'node:path';
import type { ClusterConfig } from '../../common/src/config';

/**
 * Where sbatchd keeps its job records: LSB_SBD_WORKDIR from the environment, else from
 * lsf.conf (relative to LSF_ENVDIR, like lsf.conf's other directories), else a directory of
 * this host under LSB_SHAREDIR (or `work` beside LSF_ENVDIR).
 */
export function resolveWorkDir(config: ClusterConfig, hostName: string): string {
  const configured = process.env.LSB_SBD_WORKDIR ?? config.lsfConf.get('LSB_SBD_WORKDIR');
  if (configured) {
    return path.resolve(config.envDir, configured);
  }
  const shared = config.shareDir ?? path.join(config.envDir, '..', 'work');
  return path.join(shared, 'sbatchd', hostName);
}
