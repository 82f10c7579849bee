import { Args, Flags } from '@oclif/core';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { homeDirectoryLookup } from '../lib/job-homes';
import { jobSelection, parseJobIds } from '../lib/job-selection';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';
import { renderAcct } from '../render/acct';

export default class Bacct extends LsfCommand {
  static override summary = 'Display accounting information about finished jobs.';
  static override examples = ['$ bacct', '$ bacct -l 1207', '$ bacct -u all'];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids', ignoreStdin: true }) };
  static override flags = {
    long: Flags.boolean({ char: 'l', description: 'a block per job, then the summary' }),
    user: Flags.string({ char: 'u', description: 'jobs of this user, or all' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bacct);
    const ids = parseJobIds(argv as string[]).ids;
    const me = currentUser().name;
    const selection = jobSelection(ids, { user: flags.user }, { finished: true });

    const mbatchd = await connectToMbatchd(readClusterConfig('bacct'), 'bacct');
    const reply = await mbatchd
      .call(mbatchd.client.getJobHistory, { selection, requester: me })
      .finally(() => mbatchd.close());
    const finished = reply.jobs.filter(
      (job) => job.state === JobState.JOB_STATE_DONE || job.state === JobState.JOB_STATE_EXIT,
    );
    if (finished.length === 0) {
      throw new CommandFailure('No matching job found');
    }
    const users =
      ids.length > 0 || flags.user === 'all' ? 'all users' : `users ${flags.user ?? me}`;
    this.print(renderAcct(finished, { long: flags.long, users, homeOf: homeDirectoryLookup() }));
  }
}
