import { Args } from '@oclif/core';
import type { BatchUser } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { Lsbe, lsbeMessage } from '../../../../services/common/src/lsbe';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';
import { renderBusers } from '../render/users-table';

export default class Busers extends LsfCommand {
  static override summary = "Display users' job counts and job slot limits.";
  static override description =
    'With no argument only the caller is shown; `all` shows every user with jobs. A user ' +
    'without jobs still gets a row of zeros. Exits 255 on an unknown user.';
  static override examples = ['$ busers', '$ busers alice bob', '$ busers all'];
  static override strict = false;
  static override args = {
    users: Args.string({ description: 'user names, or all', ignoreStdin: true }),
  };

  async run(): Promise<BatchUser[]> {
    const { argv } = await this.parse(Busers);
    const userNames = argv as string[];
    const mbatchd = await connectToMbatchd(readClusterConfig('busers'), 'busers');
    const reply = await mbatchd
      .call(mbatchd.client.listUsers, { userNames, requester: currentUser().name })
      .finally(() => mbatchd.close());

    if (reply.lsbe !== Lsbe.NO_ERROR) {
      // The reply names no culprit; with a single name asked for, it can only be that one.
      const context = userNames.length === 1 ? `${userNames[0]}: ` : '';
      throw new CommandFailure(`${context}${lsbeMessage(reply.lsbe)}`);
    }
    this.print(renderBusers(reply.users));
    return reply.users;
  }
}
