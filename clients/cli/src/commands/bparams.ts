import { Flags } from '@oclif/core';
import { readBatchConfig } from '../lib/cluster';
import { LsfCommand } from '../lib/lsf-command';
import { renderParamsAll, renderParamsBrief } from '../render/params';

export default class Bparams extends LsfCommand {
  static override summary = 'Display the batch parameters of lsb.params.';
  static override examples = ['$ bparams', '$ bparams -a'];
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'every parameter as KEY = value' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Bparams);
    const { params } = readBatchConfig('bparams');
    this.print(flags.all ? renderParamsAll(params, Date.now()) : renderParamsBrief(params));
  }
}
