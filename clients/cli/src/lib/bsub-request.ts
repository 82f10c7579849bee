import path from 'node:path';
import type {
  SubmitJobRequest,
  SubmitJobResponse,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { CommandFailure } from './command-failure';
import { parseSlotRange, type SlotRange } from './slot-range';
import { parseMemLimit, parseRunLimit, parseTimeSpec } from './bsub-times';
import { CommandReport } from './job-report';

/** A job output file and whether -oo/-eo asked to overwrite it rather than append. */
export interface OutputFile {
  path: string;
  overwrite: boolean;
}

/**
 * The bsub options LavaLite takes, from the command line or from `#BSUB` lines. An option that
 * was not given is undefined, so the two sources can be merged option by option.
 */
export interface BsubOptions {
  queue?: string;
  jobName?: string;
  output?: OutputFile;
  error?: OutputFile;
  inputFile?: string;
  hold?: boolean;
  /** -n as typed; checked when the request is built. */
  slots?: string;
  /** -m as typed: host names separated by spaces. */
  hosts?: string;
  cwd?: string;
  project?: string;
  /** Every -env value in order (`all`, `none`, `~NAME`, `NAME=value`, comma-separated lists). */
  envSpecs?: string[];
  /** -K: wait for the job to end and exit with its exit code. */
  wait?: boolean;
  /**
   * Options LSF has that LavaLite takes without acting on them (mail, fairshare and job
   * groups, application profiles, reservations...), by option name; see the README.
   */
  acceptedOnly?: Record<string, string | true>;
  /** -R, each as typed; LSF allows several. */
  resReqs?: string[];
  /** -M as typed, in LSF_UNIT_FOR_LIMITS units unless it carries its own. */
  memLimit?: string;
  /** -W as typed: `[hh:]mm`. */
  runLimit?: string;
  /** -x */
  exclusive?: boolean;
  /** -r (true) or -rn (false); the queue decides when absent. */
  rerunnable?: boolean;
  /** -w as typed. */
  dependency?: string;
  /** -E: the pre-execution command. */
  preExecCommand?: string;
  /** -Ep: the post-execution command. */
  postExecCommand?: string;
  /** -b and -t as typed: `[[[yyyy:]mm:]dd:]hh:mm`. */
  beginTime?: string;
  termTime?: string;
}

/** A job ready to be submitted: what to run, under what name, with which options. */
export interface BsubJob {
  command: string;
  jobName: string;
  options: BsubOptions;
}

/** Where and by whom bsub runs; the job is run in the same surroundings. */
export interface SubmitEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  umask: number;
  hostName: string;
  user: { name: string; uid: number; gid: number };
  /** LSF_UNIT_FOR_LIMITS from lsf.conf: the unit of a bare -M number. */
  unitForLimits?: string;
  now?: Date;
}

/**
 * Command-line options win over `#BSUB` lines, option by option, as in OpenLava, where the
 * directives only fill what the command line left unset.
 */
export function mergeBsubOptions(commandLine: BsubOptions, directives: BsubOptions): BsubOptions {
  const merged: BsubOptions = { ...directives };
  for (const [key, value] of Object.entries(commandLine)) {
    if (value !== undefined) {
      Object.assign(merged, { [key]: value });
    }
  }
  if (directives.acceptedOnly || commandLine.acceptedOnly) {
    merged.acceptedOnly = { ...directives.acceptedOnly, ...commandLine.acceptedOnly };
  }
  return merged;
}

/** The longest job name LSF takes, in bytes. */
const MAX_JOB_NAME_BYTES = 4094;

/**
 * The name of a job submitted without -J: its command or script on one line, each newline
 * shown as `;` as LSF does, cut to the longest name LSF takes.
 */
export function defaultJobName(command: string): string {
  let name = command.replace(/\n+$/, '').replace(/\n/g, ';').replace(/\r/g, '');
  while (Buffer.byteLength(name) > MAX_JOB_NAME_BYTES) {
    name = name.slice(0, -1);
  }
  return name;
}

/** Characters that mean nothing to /bin/sh, so a word made of them needs no quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteForShell(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The job's command line from the words after the options. The first word is taken as it is,
 * as OpenLava does, because workflow tools pass a whole shell command line as one word
 * (`bsub "cmd1; cmd2"`); every later word reaches the program exactly as typed.
 */
export function jobCommandLine(words: readonly string[]): string {
  const [first, ...rest] = words;
  return [first, ...rest.map(quoteForShell)].join(' ');
}

export function buildSubmitRequest(job: BsubJob, environment: SubmitEnvironment): SubmitJobRequest {
  const { options } = job;
  const env = jobEnvironment(environment.env, options.envSpecs ?? []);
  return {
    submission: {
      command: job.command,
      jobName: job.jobName,
      defaultJobName: job.options.jobName === undefined,
      // LSF's per-user defaults, from the submission environment; -q and -P win.
      queue: options.queue ?? environment.env.LSB_DEFAULTQUEUE ?? '',
      outputFile: options.output?.path ?? '',
      overwriteOutput: options.output?.overwrite ?? false,
      errorFile: options.error?.path ?? '',
      overwriteError: options.error?.overwrite ?? false,
      inputFile: options.inputFile ?? '',
      hold: options.hold ?? false,
      ...slotRange(options.slots),
      hosts: (options.hosts ?? '').split(/\s+/).filter((host) => host !== ''),
      project: options.project ?? environment.env.LSB_DEFAULTPROJECT ?? '',
      cwd: path.resolve(environment.cwd, options.cwd ?? '.'),
      env,
      umask: environment.umask,
      fromHost: environment.hostName,
      resReqs: options.resReqs ?? [],
      memLimitKb:
        options.memLimit === undefined
          ? 0
          : parseMemLimit(options.memLimit, environment.unitForLimits),
      runLimitSec: options.runLimit === undefined ? 0 : parseRunLimit(options.runLimit),
      exclusive: options.exclusive ?? false,
      rerunnable: options.rerunnable,
      dependency: options.dependency ?? '',
      preExecCommand: options.preExecCommand ?? '',
      postExecCommand: options.postExecCommand ?? '',
      beginTimeMs: timeOption(options.beginTime, environment),
      termTimeMs: timeOption(options.termTime, environment),
    },
    user: environment.user.name,
    uid: environment.user.uid,
    gid: environment.user.gid,
  };
}

/**
 * The environment the job gets, as -env says: everything by default (`all`), nothing with
 * `none`, or the listed names; `~NAME` drops a variable and `NAME=value` sets one. Several
 * -env options (one per `#BSUB` line, as PSI/J writes them) apply in order.
 */
export function jobEnvironment(
  current: NodeJS.ProcessEnv,
  specs: readonly string[],
): Record<string, string> {
  const items = specs.flatMap((spec) => spec.split(',').map((item) => item.trim()));
  const startsEmpty =
    items.some((item) => item === 'none' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(item)) &&
    !items.includes('all');
  const env: Record<string, string> = {};
  if (!startsEmpty) {
    for (const [name, value] of Object.entries(current)) {
      if (value !== undefined) {
        env[name] = value;
      }
    }
  }
  for (const item of items) {
    const eq = item.indexOf('=');
    if (item === 'all' || item === 'none' || item === '') {
      continue;
    } else if (item.startsWith('~')) {
      delete env[item.slice(1)];
    } else if (eq > 0) {
      env[item.slice(0, eq)] = item.slice(eq + 1);
    } else if (current[item] !== undefined) {
      env[item] = current[item]!;
    }
  }
  return env;
}

function timeOption(text: string | undefined, environment: SubmitEnvironment): number {
  return text === undefined ? 0 : parseTimeSpec(text, environment.now ?? new Date());
}

/** -n N or -n min,max; without -n, 0 slots, which mbatchd reads as 1. */
function slotRange(text: string | undefined): SlotRange {
  if (text === undefined) {
    return { slots: 0, maxSlots: 0 };
  }
  const range = parseSlotRange(text);
  if (range === null) {
    throw new CommandFailure(`${text}: ${lsbeMessage(Lsbe.LSBE_BAD_ARG)}. Job not submitted.`);
  }
  return range;
}

/**
 * bsub's one line: on stdout (stderr with BSUB_STDERR), nothing with BSUB_QUIET; workflow
 * tools read the job id from it. The wording says whether -q chose the queue.
 */
export function reportSubmitReply(
  reply: SubmitJobResponse,
  queueGiven: boolean,
  env: NodeJS.ProcessEnv,
): CommandReport {
  if (reply.lsbe !== Lsbe.LSBE_NO_ERROR) {
    const message = lsbeMessage(reply.lsbe);
    const text = reply.context ? `${reply.context}: ${message}` : message;
    return { stdout: '', stderr: `${text}. Job not submitted.\n`, exitCode: 255 };
  }
  if (env.BSUB_QUIET !== undefined) {
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  const queue = queueGiven ? `queue <${reply.queue}>` : `default queue <${reply.queue}>`;
  const line = `Job <${reply.jobId}> is submitted to ${queue}.\n`;
  return env.BSUB_STDERR === undefined
    ? { stdout: line, stderr: '', exitCode: 0 }
    : { stdout: '', stderr: line, exitCode: 0 };
}
