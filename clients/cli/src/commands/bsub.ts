import { Flags, Interfaces } from '@oclif/core';
import os from 'node:os';
import {
  BsubJob,
  BsubOptions,
  buildSubmitRequest,
  defaultJobName,
  jobCommandLine,
  mergeBsubOptions,
  reportSubmitReply,
  SubmitEnvironment,
} from '../lib/bsub-request';
import { scriptJob } from '../lib/bsub-script';
import { scriptFileDirectives } from '../lib/bsub-script-file';
import { timeNotices } from '../lib/bsub-times';
import { readJobScript } from '../lib/bsub-stdin';
import { waitForJob } from '../lib/bsub-wait';
import { readClusterConfig } from '../lib/cluster';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';

const ACCEPTED_ONLY = 'accepted for LSF scripts; no effect (README: Limitations)';
const acceptedValue = (char?: Interfaces.AlphabetLowercase | Interfaces.AlphabetUppercase) =>
  Flags.string({ char, description: ACCEPTED_ONLY });
const acceptedFlag = (char?: Interfaces.AlphabetLowercase | Interfaces.AlphabetUppercase) =>
  Flags.boolean({ char, description: ACCEPTED_ONLY });

const BSUB_FLAGS = {
  queue: Flags.string({ char: 'q', description: 'queue, or a space-separated list to try' }),
  jobName: Flags.string({ char: 'J', description: 'job name (default: the command)' }),
  output: Flags.string({ char: 'o', description: 'append the job output to this file' }),
  error: Flags.string({ char: 'e', description: 'append the job error output to this file' }),
  oo: Flags.string({ description: 'write the job output to this file, overwriting it' }),
  eo: Flags.string({ description: 'write the job error output to this file, overwriting it' }),
  input: Flags.string({ char: 'i', description: 'the job reads its standard input from here' }),
  hold: Flags.boolean({ char: 'H', description: 'submit held (PSUSP) until bresume' }),
  slots: Flags.string({ char: 'n', description: 'number of job slots: N or min,max' }),
  hosts: Flags.string({ char: 'm', description: 'space-separated candidate hosts' }),
  cwd: Flags.string({ description: 'working directory of the job' }),
  project: Flags.string({ char: 'P', description: 'project to charge' }),
  env: Flags.string({
    description: 'job environment: all (default), none, NAME, ~NAME, NAME=value, comma-separated',
    multiple: true,
  }),
  wait: Flags.boolean({ char: 'K', description: 'wait for the job; exit with its exit status' }),
  G: acceptedValue('G'),
  g: acceptedValue('g'),
  L: acceptedValue('L'),
  preExec: Flags.string({ char: 'E', description: 'command to run on the host before the job' }),
  Ep: Flags.string({ description: 'command to run on the host once the job ended' }),
  u: acceptedValue('u'),
  a: acceptedValue('a'),
  U: acceptedValue('U'),
  c: acceptedValue('c'),
  nnodes: acceptedValue(),
  gpu: acceptedValue(),
  app: acceptedValue(),
  sla: acceptedValue(),
  Jd: acceptedValue(),
  sp: acceptedValue(),
  B: acceptedFlag('B'),
  N: acceptedFlag('N'),
  rerunnable: Flags.boolean({ char: 'r', description: 'rerun elsewhere if its host fails' }),
  rn: Flags.boolean({ description: 'not rerunnable, whatever the queue says' }),
  resReq: Flags.string({ char: 'R', description: 'resource requirement', multiple: true }),
  memLimit: Flags.string({ char: 'M', description: 'memory limit (LSF_UNIT_FOR_LIMITS)' }),
  runLimit: Flags.string({ char: 'W', description: 'run limit, [hh:]mm' }),
  exclusive: Flags.boolean({ char: 'x', description: 'run on hosts of its own' }),
  dependency: Flags.string({ char: 'w', description: "dependency, e.g. 'done(12)'" }),
  beginTime: Flags.string({ char: 'b', description: 'begin time, [[[yyyy:]mm:]dd:]hh:mm' }),
  termTime: Flags.string({ char: 't', description: 'termination time, same format as -b' }),
};

/** The flag names above that only LSF scripts' sake keeps. */
const ACCEPTED_ONLY_NAMES = [
  ...['G', 'g', 'L', 'u', 'a', 'U', 'c', 'nnodes', 'gpu', 'app', 'sla', 'Jd', 'sp'],
  ...['B', 'N'],
] as const;

export default class Bsub extends LsfCommand {
  static override summary =
    'Submit a job: the words after the options, a script path, or a script on stdin.';
  static override examples = [
    '$ bsub sleep 600',
    '$ bsub -q short -o out.%J -J prep ./prep.sh input.dat',
    '$ bsub < job.sh',
    '$ bsub -K ./job.sh',
  ];
  static override strict = false;
  /** `bsub ls -l` runs `ls -l`: options end where the job's command begins. */
  static commandStartsAtFirstWord = true;
  static override flags = BSUB_FLAGS;

  async run(): Promise<void> {
    const { flags, raw } = await this.parse(Bsub);
    const words = raw.flatMap((token) => (token.type === 'arg' ? [token.input] : []));
    const options = commandLineOptions(flags);
    const job =
      words.length > 0 ? wordsJob(words, options) : scriptJob(await readJobScript(), options);
    const config = readClusterConfig('bsub');
    const unitForLimits = config.lsfConf.get('LSF_UNIT_FOR_LIMITS');
    const environment = submitEnvironment();
    const request = buildSubmitRequest(job, { ...environment, unitForLimits });

    const mbatchd = await connectToMbatchd(config, 'bsub');
    try {
      const reply = await mbatchd.call(mbatchd.client.submitJob, request);
      const report = reportSubmitReply(reply, job.options.queue !== undefined, process.env);
      if (report.exitCode === 0 && request.submission) {
        const { beginTimeMs, termTimeMs } = request.submission;
        report.stderr = timeNotices(beginTimeMs, termTimeMs) + report.stderr;
      }
      emitReport(report);
      if (job.options.wait) {
        const say = (line: string): void => {
          if (process.env.BSUB_QUIET2 === undefined || line === '<<Waiting for dispatch ...>>') {
            process.stderr.write(`${line}\n`);
          }
        };
        const status = await waitForJob(mbatchd, reply.jobId, environment.user.name, say);
        if (status !== 0) {
          this.exit(status);
        }
      }
    } finally {
      mbatchd.close();
    }
  }
}

function commandLineOptions(flags: Interfaces.InferredFlags<typeof BSUB_FLAGS>): BsubOptions {
  const output = flags.oo ?? flags.output;
  const error = flags.eo ?? flags.error;
  const acceptedOnly: Record<string, string | true> = {};
  for (const name of ACCEPTED_ONLY_NAMES) {
    const value = flags[name];
    if (value !== undefined && value !== false) {
      acceptedOnly[`-${name}`] = value;
    }
  }
  return {
    queue: flags.queue,
    jobName: flags.jobName,
    output: output === undefined ? undefined : { path: output, overwrite: flags.oo !== undefined },
    error: error === undefined ? undefined : { path: error, overwrite: flags.eo !== undefined },
    inputFile: flags.input,
    hold: flags.hold || undefined,
    slots: flags.slots,
    hosts: flags.hosts,
    cwd: flags.cwd,
    project: flags.project,
    envSpecs: flags.env,
    wait: flags.wait || undefined,
    acceptedOnly: Object.keys(acceptedOnly).length > 0 ? acceptedOnly : undefined,
    resReqs: flags.resReq,
    memLimit: flags.memLimit,
    runLimit: flags.runLimit,
    exclusive: flags.exclusive || undefined,
    rerunnable: flags.rn ? false : flags.rerunnable || undefined,
    dependency: flags.dependency,
    preExecCommand: flags.preExec,
    postExecCommand: flags.Ep,
    beginTime: flags.beginTime,
    termTime: flags.termTime,
  };
}

/** The words form; a script named as the command has its `#BSUB` lines read too. */
function wordsJob(words: readonly string[], commandLine: BsubOptions): BsubJob {
  const command = jobCommandLine(words);
  const options = mergeBsubOptions(commandLine, scriptFileDirectives(words[0], process.cwd()));
  return { command, jobName: options.jobName ?? defaultJobName(command), options };
}

function submitEnvironment(): SubmitEnvironment {
  return {
    cwd: process.cwd(),
    env: process.env,
    umask: process.umask(),
    hostName: os.hostname(),
    user: currentUser(),
  };
}
