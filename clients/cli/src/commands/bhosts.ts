import { Args, Flags } from '@oclif/core';
import type { BatchHost } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { Lsbe, lsbeMessage } from '../../../../services/common/src/lsbe';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd } from '../lib/mbatchd-client';
import { renderBhosts, renderBhostsLong } from '../render/hosts-table';

export default class Bhosts extends LsfCommand {
  static override summary = 'Display batch hosts: status, job slot limits and job counts.';
  static override description =
    'Exits 255 when a host name is unknown or mbatchd cannot be reached.';
  static override examples = ['$ bhosts', '$ bhosts -w', '$ bhosts -l hostA'];
  static override strict = false;
  static override args = {
    hosts: Args.string({ description: 'host names; none means every host', ignoreStdin: true }),
  };
  static override flags = {
    wide: Flags.boolean({ char: 'w', description: 'wide format: full names, detailed status' }),
    long: Flags.boolean({ char: 'l', description: 'long format', exclusive: ['wide'] }),
  };

  async run(): Promise<BatchHost[]> {
    const { flags, argv } = await this.parse(Bhosts);
    const mbatchd = await connectToMbatchd(readClusterConfig('bhosts'), 'bhosts');
    const reply = await mbatchd
      .call(mbatchd.client.listBatchHosts, { hostNames: argv as string[] })
      .finally(() => mbatchd.close());

    if (reply.lsbe !== Lsbe.NO_ERROR) {
      const context = reply.context === '' ? '' : `${reply.context}: `;
      throw new CommandFailure(`${context}${lsbeMessage(reply.lsbe)}`);
    }
    this.print(flags.long ? renderBhostsLong(reply.hosts) : renderBhosts(reply.hosts, flags.wide));
    return reply.hosts;
  }
}
