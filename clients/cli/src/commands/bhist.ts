import { Args, Flags } from '@oclif/core';
import type * as proto from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe, lsbeMessage } from '../../../../services/common/src/lsbe';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { homeDirectories } from '../lib/history-homes';
import { historySelection } from '../lib/history-selection';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';
import { renderHistoryLong } from '../render/history-long';
import { renderHistorySummary } from '../render/history-summary';

export default class Bhist extends LsfCommand {
  static override summary = 'Display the history of batch jobs.';
  static override description =
    "By default shows the time the caller's unfinished jobs spent in each state. Job IDs " +
    'select those jobs in any state and of any user. Exits 255 with "No matching job found" ' +
    'when nothing matches.';
  static override examples = ['$ bhist', '$ bhist -l 1201', '$ bhist -a -u all', '$ bhist -d'];
  static override strict = false;
  static override args = {
    jobIds: Args.string({ description: 'job IDs', ignoreStdin: true }),
  };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'finished and unfinished jobs' }),
    done: Flags.boolean({ char: 'd', description: 'finished jobs (DONE or EXIT)' }),
    pending: Flags.boolean({ char: 'p', description: 'pending jobs' }),
    running: Flags.boolean({ char: 'r', description: 'running jobs' }),
    suspended: Flags.boolean({ char: 's', description: 'suspended jobs' }),
    long: Flags.boolean({ char: 'l', description: 'long format: every event of each job' }),
    wide: Flags.boolean({ char: 'w', description: 'wide format: names in full' }),
    user: Flags.string({ char: 'u', description: 'jobs of this user, or all' }),
    name: Flags.string({ char: 'J', description: 'jobs with this name; a trailing * matches' }),
  };

  async run(): Promise<proto.GetJobHistoryResponse> {
    const { flags, argv } = await this.parse(Bhist);
    const selection = historySelection(
      { ...flags, finished: flags.done, jobName: flags.name },
      argv as string[],
    );
    const mbatchd = await connectToMbatchd(readClusterConfig('bhist'), 'bhist');
    const reply = await mbatchd
      .call(mbatchd.client.getJobHistory, { selection, requester: currentUser().name })
      .finally(() => mbatchd.close());

    if (reply.jobs.length === 0) {
      const code = reply.lsbe === Lsbe.NO_ERROR ? Lsbe.NO_JOB : reply.lsbe;
      throw new CommandFailure(lsbeMessage(code));
    }
    const nowMs = Date.now();
    this.print(
      flags.long
        ? renderHistoryLong(reply.jobs, reply.events, {
            nowMs,
            homes: homeDirectories(reply.jobs.map((job) => job.user)),
          })
        : renderHistorySummary(reply.jobs, reply.events, { nowMs, wide: flags.wide }),
    );
    return reply;
  }
}
