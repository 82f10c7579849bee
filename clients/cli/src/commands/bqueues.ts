import { Args, Flags } from '@oclif/core';
import type { BatchQueue } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { Lsbe, lsbeMessage } from '../../../../services/common/src/lsbe';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd } from '../lib/mbatchd-client';
import { renderBqueuesLong } from '../render/queues-long';
import { renderBqueues } from '../render/queues-table';

export default class Bqueues extends LsfCommand {
  static override summary = 'Display batch queues: priority, status, limits and job counts.';
  static override description =
    'Queues are listed by descending priority. Exits 255 when a queue name is unknown or ' +
    'mbatchd cannot be reached.';
  static override examples = ['$ bqueues', '$ bqueues -w', '$ bqueues -l normal'];
  static override strict = false;
  static override args = {
    queues: Args.string({ description: 'queue names; none means every queue', ignoreStdin: true }),
  };
  static override flags = {
    wide: Flags.boolean({ char: 'w', description: 'wide format: queue names in full' }),
    long: Flags.boolean({ char: 'l', description: 'long format', exclusive: ['wide'] }),
  };

  async run(): Promise<BatchQueue[]> {
    const { flags, argv } = await this.parse(Bqueues);
    const mbatchd = await connectToMbatchd(readClusterConfig('bqueues'), 'bqueues');
    const reply = await mbatchd
      .call(mbatchd.client.listQueues, { queueNames: argv as string[] })
      .finally(() => mbatchd.close());

    if (reply.lsbe !== Lsbe.NO_ERROR) {
      const context = reply.context === '' ? '' : `${reply.context}: `;
      throw new CommandFailure(`${context}${lsbeMessage(reply.lsbe)}`);
    }
    this.print(
      flags.long ? renderBqueuesLong(reply.queues) : renderBqueues(reply.queues, flags.wide),
    );
    return reply.queues;
  }
}
