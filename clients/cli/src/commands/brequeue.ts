import { Args, Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';
import { reportRequeueReply, requeueTarget } from '../lib/requeue-request';

export default class Brequeue extends LsfCommand {
  static override summary = 'Put jobs back to pending under their ids, to run again.';
  static override description =
    'Started jobs are killed first (-r, the default); -d takes DONE jobs, -e EXIT jobs and ' +
    '-a all three kinds. The earlier runs stay in bhist. With -J or -u and no job id, the ' +
    'newest matching job is requeued; job id 0 means every matching job.';
  static override examples = [
    '$ brequeue 1234',
    '$ brequeue -e -H "1300[4]"',
    '$ brequeue -d -J sim',
  ];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids; 0 means every match' }) };
  static override flags = {
    done: Flags.boolean({ char: 'd', description: 'requeue DONE jobs' }),
    exited: Flags.boolean({ char: 'e', description: 'requeue EXIT jobs' }),
    running: Flags.boolean({ char: 'r', description: 'requeue started jobs (the default)' }),
    all: Flags.boolean({ char: 'a', description: 'requeue DONE, EXIT and started jobs' }),
    hold: Flags.boolean({ char: 'H', description: 'requeue held (PSUSP)' }),
    user: Flags.string({ char: 'u', description: 'jobs of this user, or of all users with "all"' }),
    jobName: Flags.string({ char: 'J', description: 'jobs of this name; a trailing * matches' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Brequeue);
    const target = requeueTarget(argv as string[], flags, currentUser().name);
    const mbatchd = await connectToMbatchd(readClusterConfig('brequeue'), 'brequeue');
    const reply = await mbatchd
      .call(mbatchd.client.requeueJobs, target.request)
      .finally(() => mbatchd.close());
    emitReport(reportRequeueReply(reply, target));
  }
}
