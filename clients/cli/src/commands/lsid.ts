import { PRODUCT_VERSION_LINE } from '../../../../services/common/src/version';
import { readClusterConfig } from '../lib/cluster';
import { connectToMasterLim } from '../lib/lim-client';
import { LsfCommand } from '../lib/lsf-command';

export default class Lsid extends LsfCommand {
  static override summary = 'Display the product version, the cluster name and the master host.';
  static override examples = ['$ lsid'];

  async run(): Promise<void> {
    await this.parse(Lsid);
    const config = readClusterConfig('lsid');
    const { client, info } = await connectToMasterLim(config, 'lsid');
    client.close();

    this.print(
      `${PRODUCT_VERSION_LINE}\n\n` +
        `My cluster name is ${info.clusterName}\n` +
        `My master name is ${info.hostName}\n`,
    );
  }
}
