import { Args, Flags } from '@oclif/core';
import { readClusterConfig } from '../lib/cluster';
import { homeDirectoryLookup } from '../lib/job-homes';
import { emitReport } from '../lib/job-report';
import { JOB_FILTER_FLAGS, jobSelection, parseJobIds } from '../lib/job-selection';
import { parseJobsFormat } from '../lib/jobs-format';
import { JobsQuery, reportJobList } from '../lib/jobs-query';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

/** The fields of the default table, for -json without -o. */
const DEFAULT_JSON_FORMAT = parseJobsFormat(
  'jobid user stat queue from_host exec_host job_name submit_time',
);

export default class Bjobs extends LsfCommand {
  static override summary = 'Display jobs: by default your unfinished ones.';
  static override examples = [
    '$ bjobs',
    '$ bjobs -aw',
    '$ bjobs -l 1234',
    '$ bjobs -p -u all',
    `$ bjobs -noheader -o "jobid stat exit_code delimiter='|'" 1234`,
    '$ bjobs -json -o "jobid stat exit_code" 1234 1235',
  ];
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
    format: Flags.string({
      char: 'o',
      description: `custom columns: "field[:[-]width] ... [delimiter='c']" (or LSB_BJOBS_FORMAT)`,
    }),
    noheader: Flags.boolean({ description: 'no header line' }),
    json: Flags.boolean({ description: 'the -o fields as JSON' }),
    arrays: Flags.boolean({ char: 'A', description: 'one summary row per job array' }),
    ...JOB_FILTER_FLAGS,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bjobs);
    const { all, done, pending, running, suspended, wide, long, arrays, ...rest } = flags;
    const { format, noheader, json, ...filters } = rest;
    const formatText = format ?? process.env.LSB_BJOBS_FORMAT;
    const query: JobsQuery = {
      ids: parseJobIds(argv as string[]).ids,
      filters,
      states: { all, finished: done, pending, running, suspended },
      wide,
      long,
      format: formatText ? parseJobsFormat(formatText) : json ? DEFAULT_JSON_FORMAT : undefined,
      noHeader: noheader,
      json,
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
