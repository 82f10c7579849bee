import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { JobSubmission } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { parseMemLimit, parseRunLimit, parseTimeSpec } from '../lib/bsub-times';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { parseSlotRange, type SlotRange } from '../lib/slot-range';
import { changedJobIds, modifyRefusalLine, reportJobResults } from '../lib/job-change-report';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

const USAGE =
  'Usage: bmod [bsub options] [-Z command] [-qn] [-Jn] [-Pn] [-Rn] [-Mn] [-Wn] [-wn] [-bn] ' +
  '[-tn] [-mn] [-on] [-en] [-in] jobId ...';

/** Options that take a value, with the proto field each sets. */
const VALUE_FLAGS = {
  command: Flags.string({ char: 'Z', description: 'new command' }),
  queue: Flags.string({ char: 'q', description: 'new queue' }),
  cwd: Flags.string({ description: 'new working directory' }),
  resReq: Flags.string({
    char: 'R',
    description: 'new resource requirement',
    multiple: true,
    multipleNonGreedy: true,
  }),
  memLimit: Flags.string({ char: 'M', description: 'new memory limit' }),
  runLimit: Flags.string({ char: 'W', description: 'new run limit, [hh:]mm' }),
  dependency: Flags.string({ char: 'w', description: 'new dependency expression' }),
  beginTime: Flags.string({ char: 'b', description: 'new begin time' }),
  termTime: Flags.string({ char: 't', description: 'new termination time' }),
  slots: Flags.string({ char: 'n', description: 'new number of slots: N or min,max' }),
  hosts: Flags.string({ char: 'm', description: 'new candidate hosts' }),
  jobName: Flags.string({ char: 'J', description: 'new job name' }),
  project: Flags.string({ char: 'P', description: 'new project' }),
  output: Flags.string({ char: 'o', description: 'new output file' }),
  oo: Flags.string({ description: 'new output file, overwritten' }),
  error: Flags.string({ char: 'e', description: 'new error file' }),
  eo: Flags.string({ description: 'new error file, overwritten' }),
  input: Flags.string({ char: 'i', description: 'new input file' }),
};

/** The `n` forms that take an option back to its default. */
const RESET_FLAGS = {
  qn: Flags.boolean({ description: 'the default queue' }),
  Jn: Flags.boolean({ description: 'the command as the job name' }),
  Pn: Flags.boolean({ description: 'the default project' }),
  Rn: Flags.boolean({ description: 'no resource requirement' }),
  Mn: Flags.boolean({ description: 'no memory limit' }),
  Wn: Flags.boolean({ description: 'no run limit' }),
  wn: Flags.boolean({ description: 'no dependency' }),
  bn: Flags.boolean({ description: 'no begin time' }),
  tn: Flags.boolean({ description: 'no termination time' }),
  mn: Flags.boolean({ description: 'any host' }),
  on: Flags.boolean({ description: 'no output file' }),
  en: Flags.boolean({ description: 'no error file' }),
  in: Flags.boolean({ description: 'no input file' }),
};

const RESET_FIELDS: Record<keyof typeof RESET_FLAGS, string> = {
  qn: 'queue',
  Jn: 'job_name',
  Pn: 'project',
  Rn: 'res_reqs',
  Mn: 'mem_limit_kb',
  Wn: 'run_limit_sec',
  wn: 'dependency',
  bn: 'begin_time_ms',
  tn: 'term_time_ms',
  mn: 'hosts',
  on: 'output_file',
  en: 'error_file',
  in: 'input_file',
};

export default class Bmod extends LsfCommand {
  static override summary = "Change pending jobs' submission options.";
  static override examples = [
    '$ bmod -R "rusage[mem=2000]" 1234',
    '$ bmod -Wn -q short 1234',
    '$ bmod -Z "sleep 60" 1234',
  ];
  static override strict = false;
  static override args = { jobIds: Args.string({ description: 'job ids' }) };
  static override flags = {
    ...VALUE_FLAGS,
    x: Flags.boolean({ char: 'x', description: 'exclusive execution' }),
    r: Flags.boolean({ char: 'r', description: 'rerunnable' }),
    rn: Flags.boolean({ description: 'not rerunnable' }),
    ...RESET_FLAGS,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bmod);
    const ids = changedJobIds(argv as string[], USAGE);
    const config = readClusterConfig('bmod');
    const unit = config.lsfConf.get('LSF_UNIT_FOR_LIMITS');
    const now = new Date();
    const slots = ifGiven(flags.slots, parseSlots);
    if (flags.command !== undefined && flags.command.trim() === '') {
      throw new CommandFailure(USAGE);
    }
    const output = flags.oo ?? flags.output;
    const error = flags.eo ?? flags.error;
    const rerunnable = flags.r ? true : flags.rn ? false : undefined;
    const given: Array<[string, Partial<JobSubmission>, unknown]> = [
      ['command', { command: flags.command }, flags.command],
      ['queue', { queue: flags.queue }, flags.queue],
      ['cwd', { cwd: ifGiven(flags.cwd, (dir) => path.resolve(dir)) }, flags.cwd],
      ['res_reqs', { resReqs: flags.resReq }, flags.resReq],
      [
        'mem_limit_kb',
        { memLimitKb: ifGiven(flags.memLimit, (v) => parseMemLimit(v, unit)) },
        flags.memLimit,
      ],
      ['run_limit_sec', { runLimitSec: ifGiven(flags.runLimit, parseRunLimit) }, flags.runLimit],
      ['dependency', { dependency: flags.dependency }, flags.dependency],
      [
        'begin_time_ms',
        { beginTimeMs: ifGiven(flags.beginTime, (v) => parseTimeSpec(v, now)) },
        flags.beginTime,
      ],
      [
        'term_time_ms',
        { termTimeMs: ifGiven(flags.termTime, (v) => parseTimeSpec(v, now)) },
        flags.termTime,
      ],
      ['slots', { slots: slots?.slots }, flags.slots],
      ['max_slots', { maxSlots: slots?.maxSlots }, flags.slots],
      ['hosts', { hosts: flags.hosts?.split(/\s+/).filter((host) => host !== '') }, flags.hosts],
      ['job_name', { jobName: flags.jobName }, flags.jobName],
      ['project', { project: flags.project }, flags.project],
      ['output_file', { outputFile: output }, output],
      ['overwrite_output', { overwriteOutput: flags.oo !== undefined }, output],
      ['error_file', { errorFile: error }, error],
      ['overwrite_error', { overwriteError: flags.eo !== undefined }, error],
      ['input_file', { inputFile: flags.input }, flags.input],
      ['exclusive', { exclusive: true }, flags.x || undefined],
      ['rerunnable', { rerunnable }, rerunnable],
    ];
    const chosen = given.filter(([, , raw]) => raw !== undefined);
    const resetFields = Object.entries(RESET_FIELDS)
      .filter(([flag]) => flags[flag as keyof typeof RESET_FLAGS])
      .map(([, field]) => field);
    if (chosen.length === 0 && resetFields.length === 0) {
      throw new CommandFailure(USAGE);
    }
    const changes = JobSubmission.fromPartial(Object.assign({}, ...chosen.map(([, part]) => part)));

    const mbatchd = await connectToMbatchd(config, 'bmod');
    const request = {
      jobIds: ids,
      changes,
      fields: chosen.map(([field]) => field),
      resetFields,
      requester: currentUser().name,
    };
    const reply = await mbatchd
      .call(mbatchd.client.modifyJobs, request)
      .finally(() => mbatchd.close());
    emitReport(
      reportJobResults(
        reply.results,
        (id) => `Parameters of job <${id}> are being changed`,
        modifyRefusalLine,
      ),
    );
  }
}

function ifGiven<T>(text: string | undefined, parse: (text: string) => T): T | undefined {
  return text === undefined ? undefined : parse(text);
}

function parseSlots(text: string): SlotRange {
  const range = parseSlotRange(text);
  if (range === null) {
    throw new CommandFailure(`${text}: Bad argument. Request aborted.`);
  }
  return range;
}
