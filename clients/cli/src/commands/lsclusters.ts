import { Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { connectToMasterLim } from '../lib/lim-client';
import { LsfCommand } from '../lib/lsf-command';
import { left, leftNoCut, right } from '../render/columns';

export default class Lsclusters extends LsfCommand {
  static override summary = 'Display the cluster: its name, status, master host and hosts.';
  static override examples = ['$ lsclusters', '$ lsclusters -w'];
  static override flags = {
    wide: Flags.boolean({ char: 'w', description: 'names in full' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Lsclusters);
    const config = readClusterConfig('lsclusters');
    const { client, info } = await connectToMasterLim(config, 'lsclusters');
    client.close();

    const hosts = config.cluster.hosts;
    const cut = flags.wide ? leftNoCut : left;
    const row = [
      cut(info.clusterName, 14),
      left('ok', 8),
      cut(info.hostName, 21),
      cut(config.cluster.admins[0] ?? '-', 12),
      right(String(hosts.length), 5),
      right(String(hosts.filter((host) => host.server).length), 8),
    ];
    this.print(
      'CLUSTER_NAME   STATUS   MASTER_HOST           ADMIN        HOSTS  SERVERS\n' +
        `${row.join(' ')}\n`,
    );
  }
}
