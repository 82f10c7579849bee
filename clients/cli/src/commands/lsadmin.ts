import { Args } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { LsfCommand } from '../lib/lsf-command';
import { effectiveSettings, renderShowconf } from '../lib/showconf';

const USAGE = 'Usage: lsadmin showconf lim [-h host_name ... | all]';

export default class Lsadmin extends LsfCommand {
  static override summary = 'Administer LIM: showconf lim prints the settings lim runs with.';
  static override examples = ['$ lsadmin showconf lim'];
  static override strict = false;
  static override args = {
    subcommand: Args.string({ description: 'the operation', ignoreStdin: true }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Lsadmin);
    const [subcommand, daemon] = argv as string[];
    if (subcommand !== 'showconf' || daemon !== 'lim') {
      throw new CommandFailure(USAGE);
    }
    const settings = effectiveSettings(readClusterConfig('lsadmin'));
    this.print(renderShowconf('LSF Configuration', settings, Date.now()));
  }
}
