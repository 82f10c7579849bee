import { Args, Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { homeDirectoryLookup } from '../lib/job-homes';
import { emitReport } from '../lib/job-report';
import { JOB_FILTER_FLAGS, jobSelection, parseJobIds } from '../lib/job-selection';
import { JobsQuery, reportJobList } from '../lib/jobs-query';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

export default class Bjobs extends LsfCommand {
  static override summary = 'Display jobs: by default your unfinished ones.';
  static override examples = ['$ bjobs', '$ bjobs -aw', '$ bjobs -l 1234', '$ bjobs -p -u all'];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids' }) };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'jobs in every state, finished ones too' }),
    done: Flags.boolean({ char: 'd', description: 'finished jobs (DONE and EXIT)' }),
    pending: Flags.boolean({ char: 'p', description: 'pending jobs, with the reasons they wait' }),
    running: Flags.boolean({ char: 'r', description: 'running jobs' }),
    suspended: Flags.boolean({ char: 's', description: 'suspended jobs' }),
    wide: Flags.boolean({ char: 'w', description: 'wide format, nothing cut' }),
    long: Flags.boolean({ char: 'l', description: 'long format', exclusive: ['wide'] }),
    arrays: Flags.boolean({ char: 'A', description: 'one summary row per job array' }),
    ...JOB_FILTER_FLAGS,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bjobs);
    const { all, done, pending, running, suspended, wide, long, arrays, ...filters } = flags;
    const query: JobsQuery = {
      ids: parseJobIds(argv as string[]).ids,
      filters,
      states: { all, finished: done, pending, running, suspended },
      wide,
      long,
      arrays,
    };

    const mbatchd = await connectToMbatchd(readClusterConfig('bjobs'), 'bjobs');
    // The array summary counts every element, finished ones too.
    const states = arrays ? { all: true } : query.states;
    const selection = jobSelection(query.ids, query.filters, states);
    const request = { selection, requester: currentUser().name };
    const reply = await mbatchd
      .call(mbatchd.client.listJobs, request)
      .finally(() => mbatchd.close());
    emitReport(reportJobList(reply, query, { homeOf: homeDirectoryLookup() }));
  }
}
