import { Args } from '@oclif/core';
import { moveJob } from '../lib/job-move';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';

export default class Bbot extends LsfCommand {
  static override summary =
    'Move a pending job to the bottom of its queue, or to a position from there.';
  static override examples = ['$ bbot 1234', '$ bbot 1234 3'];
  static override strict = false;
  static override args = {
    jobId: Args.string({ description: 'the pending job' }),
    position: Args.string({ description: 'position from the bottom, 1 by default' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Bbot);
    emitReport(await moveJob('bbot', argv as string[]));
  }
}
