import { Args } from '@oclif/core';
import { moveJob } from '../lib/job-move';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';

export default class Btop extends LsfCommand {
  static override summary =
    'Move a pending job to the top of its queue, or to a position from there.';
  static override examples = ['$ btop 1234', '$ btop 1234 3'];
  static override strict = false;
  static override args = {
    jobId: Args.string({ description: 'the pending job' }),
    position: Args.string({ description: 'position from the top, 1 by default' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Btop);
    emitReport(await moveJob('btop', argv as string[]));
  }
}
