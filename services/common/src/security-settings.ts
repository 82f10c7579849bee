import path from 'node:path';
import type { HostConfig } from './config';
import { ConfigError } from './config';

/** How mbatchd learns who sends a command's request. */
export type UserAuthMode = 'munge' | 'trust';

/** The lsf.conf settings of LavaLite's security model (see the README). */
export interface SecuritySettings {
  /** LSF_AUTH: `munge` (the default) or `trust` for a single-user sandbox. */
  readonly userAuth: UserAuthMode;
  /** LSF_CLUSTER_KEY_FILE: the daemons' shared secret; `cluster.key` beside lsf.conf. */
  readonly clusterKeyFile: string;
  /** LSF_ROOT_REX: whether jobs of root may run (on this host, for sbatchd). */
  readonly rootJobs: boolean;
}

const ROOT_REX_YES = ['y', 'yes', 'local', 'all'];
const ROOT_REX_NO = ['n', 'no', 'none'];

/** Reads the security settings; a value LavaLite does not know is a configuration error. */
export function securitySettings(config: HostConfig): SecuritySettings {
  const conf = config.lsfConf;
  const file = path.join(config.envDir, 'lsf.conf');

  const auth = (conf.get('LSF_AUTH') ?? '').toLowerCase();
  if (!['', 'munge', 'trust'].includes(auth)) {
    const reason = `LSF_AUTH=${auth} is not known: use munge (the default) or trust`;
    throw new ConfigError(file, 0, reason);
  }

  const rootRex = (conf.get('LSF_ROOT_REX') ?? '').toLowerCase();
  if (rootRex !== '' && ![...ROOT_REX_YES, ...ROOT_REX_NO].includes(rootRex)) {
    const reason = `LSF_ROOT_REX=${rootRex} is not known: use local, all or n`;
    throw new ConfigError(file, 0, reason);
  }

  const keyFile = conf.get('LSF_CLUSTER_KEY_FILE') || 'cluster.key';
  return {
    userAuth: auth === 'trust' ? 'trust' : 'munge',
    clusterKeyFile: path.resolve(config.envDir, keyFile),
    rootJobs: ROOT_REX_YES.includes(rootRex),
  };
}
