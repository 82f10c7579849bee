import { Args, Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { changedJobIds, reportJobResults } from '../lib/job-change-report';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

const USAGE = 'Usage: brequeue [-H] jobId ...';

export default class Brequeue extends LsfCommand {
  static override summary = 'Kill started jobs and put them back to pending under their ids.';
  static override examples = ['$ brequeue 1234', '$ brequeue -H "1300[4]"'];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids' }) };
  static override flags = {
    hold: Flags.boolean({ char: 'H', description: 'requeue held (PSUSP)' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Brequeue);
    const ids = changedJobIds(argv as string[], USAGE);
    const mbatchd = await connectToMbatchd(readClusterConfig('brequeue'), 'brequeue');
    const request = {
      jobIds: ids,
      hold: flags.hold,
      done: false,
      exited: false,
      requester: currentUser().name,
    };
    const reply = await mbatchd
      .call(mbatchd.client.requeueJobs, request)
      .finally(() => mbatchd.close());
    // OpenLava prints brequeue's refusals as `Job <N> : message`, with a space before the colon.
    emitReport(reportJobResults(reply.results, (id) => `Job <${id}> is being requeued`, ' : '));
  }
}
