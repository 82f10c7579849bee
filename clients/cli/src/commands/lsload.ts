import { Args, Flags } from '@oclif/core';
import { LimResult } from '../../../../services/common/src/generated/lavalite/v1/lim';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure, LSF_FAILURE_EXIT } from '../lib/command-failure';
import { call, connectToMasterLim } from '../lib/lim-client';
import { LsfCommand } from '../lib/lsf-command';
import { LOAD_INDEX_NAMES, LoadIndexName, renderLsload } from '../render/lim-tables';

/** OpenLava's lsload exits with -10 when it cannot reach the master lim. */
const LIM_FAILURE_EXIT = 246;

export default class Lsload extends LsfCommand {
  static override summary = 'Display the load indices of hosts.';
  static override examples = ['$ lsload', '$ lsload -l', '$ lsload -I r1m:ut:mem hostA'];
  static override strict = false;
  static override args = { hosts: Args.string({ description: 'host names', ignoreStdin: true }) };
  static override flags = {
    wide: Flags.boolean({ char: 'w', description: 'wide format, names in full' }),
    long: Flags.boolean({
      char: 'l',
      description: 'every load index, wide names',
      exclusive: ['wide'],
    }),
    indices: Flags.string({ char: 'I', description: 'colon-separated load indices to show' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Lsload);
    const indices = flags.indices === undefined ? null : parseIndexList(flags.indices);
    const config = readClusterConfig('lsload');
    const { client } = await connectToMasterLim(config, 'lsload', LIM_FAILURE_EXIT);
    const reply = await call(
      client.getLoad.bind(client),
      { hostNames: argv as string[] },
      'lsload',
      LIM_FAILURE_EXIT,
    );
    client.close();

    if (reply.result === LimResult.LIM_RESULT_BAD_HOST) {
      throw new CommandFailure(`lsload: Unknown host name <${reply.badHostNames[0]}>`);
    }
    if (reply.result !== LimResult.LIM_RESULT_OK) {
      throw new CommandFailure('lsload: Cannot locate master LIM now, try later', LIM_FAILURE_EXIT);
    }
    this.print(renderLsload(reply.hosts, { long: flags.long, wide: flags.wide, indices }));
  }
}

function parseIndexList(text: string): LoadIndexName[] {
  const names = text.split(':').filter((name) => name !== '');
  for (const name of names) {
    if (!LOAD_INDEX_NAMES.includes(name as LoadIndexName)) {
      throw new CommandFailure(`lsload: Invalid load index name <${name}>`, LSF_FAILURE_EXIT);
    }
  }
  if (names.length === 0) {
    throw new CommandFailure('lsload: No load index given with -I', LSF_FAILURE_EXIT);
  }
  return names as LoadIndexName[];
}
