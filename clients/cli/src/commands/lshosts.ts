import { Args, Flags } from '@oclif/core';
import { LimResult } from '../../../../services/common/src/generated/lavalite/v1/lim';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { call, connectToMasterLim } from '../lib/lim-client';
import { LsfCommand } from '../lib/lsf-command';
import { renderLshosts, renderLshostsLong } from '../render/lim-tables';

export default class Lshosts extends LsfCommand {
  static override summary = 'Display the static facts of hosts: type, model, CPUs, memory.';
  static override examples = ['$ lshosts', '$ lshosts -l hostA', '$ lshosts -w'];
  static override strict = false;
  static override args = { hosts: Args.string({ description: 'host names', ignoreStdin: true }) };
  static override flags = {
    wide: Flags.boolean({ char: 'w', description: 'wide format, names in full' }),
    long: Flags.boolean({ char: 'l', description: 'long format', exclusive: ['wide'] }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Lshosts);
    const config = readClusterConfig('lshosts');
    const { client } = await connectToMasterLim(config, 'lshosts');
    const reply = await call(
      client.listHosts.bind(client),
      { hostNames: argv as string[] },
      'lshosts',
    );
    client.close();

    if (reply.result === LimResult.LIM_RESULT_BAD_HOST) {
      throw new CommandFailure(`lshosts: Unknown host name <${reply.badHostNames[0]}>`);
    }
    if (reply.result !== LimResult.LIM_RESULT_OK) {
      throw new CommandFailure('lshosts: Cannot locate master LIM now, try later');
    }
    this.print(
      flags.long
        ? renderLshostsLong(reply.hosts, reply.thresholds)
        : renderLshosts(reply.hosts, flags.wide),
    );
  }
}
