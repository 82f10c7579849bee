import { Args, Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { changedJobIds, reportJobResults } from '../lib/job-change-report';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

const USAGE = 'Usage: brequeue [-d] [-e] [-r] [-a] [-H] jobId ...';

export default class Brequeue extends LsfCommand {
  static override summary = 'Put jobs back to pending under their ids, to run again.';
  static override description =
    'Started jobs are killed first (-r, the default); -d takes DONE jobs, -e EXIT jobs and ' +
    '-a all three kinds. The earlier runs stay in bhist.';
  static override examples = ['$ brequeue 1234', '$ brequeue -e -H "1300[4]"', '$ brequeue -a 1'];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids' }) };
  static override flags = {
    done: Flags.boolean({ char: 'd', description: 'requeue DONE jobs' }),
    exited: Flags.boolean({ char: 'e', description: 'requeue EXIT jobs' }),
    running: Flags.boolean({ char: 'r', description: 'requeue started jobs (the default)' }),
    all: Flags.boolean({ char: 'a', description: 'requeue DONE, EXIT and started jobs' }),
    hold: Flags.boolean({ char: 'H', description: 'requeue held (PSUSP)' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Brequeue);
    const ids = changedJobIds(argv as string[], USAGE);
    const mbatchd = await connectToMbatchd(readClusterConfig('brequeue'), 'brequeue');
    const request = {
      jobIds: ids,
      hold: flags.hold,
      done: flags.done || flags.all,
      exited: flags.exited || flags.all,
      running: flags.running || flags.all,
      requester: currentUser().name,
    };
    const reply = await mbatchd
      .call(mbatchd.client.requeueJobs, request)
      .finally(() => mbatchd.close());
    // OpenLava prints brequeue's refusals as `Job <N> : message`, with a space before the colon.
    emitReport(reportJobResults(reply.results, (id) => `Job <${id}> is being requeued`, ' : '));
  }
}
