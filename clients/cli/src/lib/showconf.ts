import path from 'node:path';
import type { HostConfig } from '../../../../services/common/src/config';
import { ctime } from '../../../../services/common/src/ctime';

/**
 * The lsf.conf settings a daemon works with, as `lsadmin showconf lim` and
 * `badmin showconf mbd` print them: every key of lsf.conf, plus the directories the daemons
 * work out for themselves, so that clients (Snakemake's LSF plugin) always find
 * LSF_ENVDIR, LSF_CONFDIR, LSB_CONFDIR and LSB_SHAREDIR.
 */
export function effectiveSettings(config: HostConfig): Map<string, string> {
  const settings = new Map<string, string>();
  for (const [key, value] of config.lsfConf) {
    settings.set(key, value.replace(/^(["'])(.*)\1$/, '$2'));
  }
  const confDir = path.resolve(config.envDir, settings.get('LSF_CONFDIR') || '.');
  settings.set('LSF_ENVDIR', config.envDir);
  settings.set('LSF_CONFDIR', confDir);
  settings.set('LSF_CLUSTER_NAME', config.clusterName);
  settings.set(
    'LSB_CONFDIR',
    settings.get('LSB_CONFDIR') ? path.resolve(config.envDir, settings.get('LSB_CONFDIR')!) : '',
  );
  settings.set('LSB_SHAREDIR', config.shareDir ?? path.join(config.envDir, '..', 'work'));
  for (const [key, value] of [...settings]) {
    if (value === '') {
      settings.delete(key);
    }
  }
  return settings;
}

/** A title line, then one `    KEY = value` line per setting and nothing else. */
export function renderShowconf(
  title: string,
  settings: Map<string, string>,
  nowMs: number,
): string {
  const lines = [`${title} at ${ctime(nowMs)}`];
  for (const [key, value] of [...settings].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`    ${key} = ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
