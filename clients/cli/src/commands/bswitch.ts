import { Args } from '@oclif/core';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { changedJobIds, reportJobResults } from '../lib/job-change-report';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

const USAGE = 'Usage: bswitch destination_queue jobId ...';

export default class Bswitch extends LsfCommand {
  static override summary = 'Move unfinished jobs to another queue.';
  static override examples = ['$ bswitch night 1234', '$ bswitch short "1300[2-5]"'];
  static override strict = false;
  static override args = {
    queue: Args.string({ description: 'the queue to move the jobs to' }),
    jobIds: Args.string({ description: 'job ids' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Bswitch);
    const [queue, ...words] = argv as string[];
    if (queue === undefined) {
      throw new CommandFailure(USAGE);
    }
    const ids = changedJobIds(words, USAGE);
    const mbatchd = await connectToMbatchd(readClusterConfig('bswitch'), 'bswitch');
    const request = { jobIds: ids, queue, requester: currentUser().name };
    const reply = await mbatchd
      .call(mbatchd.client.switchJobs, request)
      .finally(() => mbatchd.close());
    if (reply.lsbe !== Lsbe.LSBE_NO_ERROR) {
      throw new CommandFailure(`${queue}: ${lsbeMessage(reply.lsbe)}`);
    }
    emitReport(
      reportJobResults(reply.results, (id) => `Job <${id}> is switched to queue <${queue}>`),
    );
  }
}
