import { CommandFailure } from './command-failure';
import { BsubJob, BsubOptions, defaultJobName, mergeBsubOptions } from './bsub-request';

/** A `#BSUB` line that cannot be read; the job is not submitted. */
export class BsubScriptError extends CommandFailure {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`#BSUB line ${line}: ${problem}. Job not submitted.`);
    this.name = 'BsubScriptError';
  }
}

/** A function for an option with a value; the options it sets for a flag without one. */
type OptionSetter = ((value: string) => BsubOptions) | BsubOptions;

/**
 * LSF options LavaLite accepts without acting on them, with a value: group and fairshare
 * (-G, -g), login shell (-L), mail (-u), application (-a),
 * reservation (-U), CPU limit (-c), nodes and GPUs (-nnodes, -gpu), and a few more.
 */
const ACCEPTED_ONLY_WITH_VALUE = [
  ...['-G', '-g', '-L', '-u', '-a', '-U', '-c', '-nnodes', '-gpu'],
  ...['-app', '-sla', '-Jd', '-sp'],
];

/** The same without a value: mail at start and end (-B, -N). */
const ACCEPTED_ONLY_FLAGS = ['-B', '-N'];

/** How each option a `#BSUB` line may carry sets BsubOptions. */
const DIRECTIVE_OPTIONS: ReadonlyMap<string, OptionSetter> = new Map<string, OptionSetter>([
  ['-q', (value) => ({ queue: value })],
  ['-J', (value) => ({ jobName: value })],
  ['-o', (value) => ({ output: { path: value, overwrite: false } })],
  ['-oo', (value) => ({ output: { path: value, overwrite: true } })],
  ['-e', (value) => ({ error: { path: value, overwrite: false } })],
  ['-eo', (value) => ({ error: { path: value, overwrite: true } })],
  ['-i', (value) => ({ inputFile: value })],
  ['-n', (value) => ({ slots: value })],
  ['-m', (value) => ({ hosts: value })],
  ['-cwd', (value) => ({ cwd: value })],
  ['-P', (value) => ({ project: value })],
  ['-R', (value) => ({ resReqs: [value] })],
  ['-M', (value) => ({ memLimit: value })],
  ['-W', (value) => ({ runLimit: value })],
  ['-w', (value) => ({ dependency: value })],
  ['-E', (value) => ({ preExecCommand: value })],
  ['-Ep', (value) => ({ postExecCommand: value })],
  ['-b', (value) => ({ beginTime: value })],
  ['-t', (value) => ({ termTime: value })],
  ['-env', (value) => ({ envSpecs: [value] })],
  ...ACCEPTED_ONLY_WITH_VALUE.map((name): [string, OptionSetter] => [
    name,
    (value) => ({ acceptedOnly: { [name]: value } }),
  ]),
  ['-H', { hold: true }],
  ['-x', { exclusive: true }],
  ['-r', { rerunnable: true }],
  ['-rn', { rerunnable: false }],
  ['-K', { wait: true }],
  ...ACCEPTED_ONLY_FLAGS.map((name): [string, OptionSetter] => [
    name,
    { acceptedOnly: { [name]: true } },
  ]),
]);

/** A later option overrides an earlier one, except -R and -env, which add up. */
function addOptions(earlier: BsubOptions, later: BsubOptions): BsubOptions {
  const added: BsubOptions = { ...earlier, ...later };
  if (earlier.resReqs && later.resReqs) {
    added.resReqs = [...earlier.resReqs, ...later.resReqs];
  }
  if (earlier.envSpecs && later.envSpecs) {
    added.envSpecs = [...earlier.envSpecs, ...later.envSpecs];
  }
  if (earlier.acceptedOnly && later.acceptedOnly) {
    added.acceptedOnly = { ...earlier.acceptedOnly, ...later.acceptedOnly };
  }
  return added;
}

/** Optional blanks, `#`, optional blanks, `BSUB`, blanks, then the options from the first `-`. */
const DIRECTIVE = /^\s*#\s*BSUB\s+(-.*)$/;

/**
 * The options of every `#BSUB` line of a script, wherever the line is; a later line overrides
 * an earlier one. A line ending in `\` continues on the next.
 */
export function parseBsubDirectives(script: string): BsubOptions {
  const lines = script.split('\n').map((line) => line.replace(/\r$/, ''));
  let options: BsubOptions = {};
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    let line = lines[index];
    if (!DIRECTIVE.test(line)) {
      continue;
    }
    while (line.endsWith('\\') && index + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++index];
    }
    const words = directiveWords(DIRECTIVE.exec(line)![1], lineNumber);
    options = addOptions(options, directiveOptions(words, lineNumber));
  }
  return options;
}

/** Splits at blanks; quotes group words and are removed; an unquoted `#` word ends the line. */
function directiveWords(text: string, line: number): string[] {
  const words: string[] = [];
  let index = 0;
  for (;;) {
    while (index < text.length && /\s/.test(text[index])) {
      index++;
    }
    if (index === text.length || text[index] === '#') {
      return words;
    }
    let word = '';
    while (index < text.length && !/\s/.test(text[index])) {
      const char = text[index];
      if (char === '"' || char === "'") {
        const close = text.indexOf(char, index + 1);
        if (close < 0) {
          throw new BsubScriptError(line, 'Unmatched quote');
        }
        word += text.slice(index + 1, close);
        index = close + 1;
      } else {
        word += char;
        index++;
      }
    }
    words.push(word);
  }
}

function directiveOptions(words: readonly string[], line: number): BsubOptions {
  let options: BsubOptions = {};
  for (let index = 0; index < words.length; index++) {
    const [name, glued] = splitOption(words[index]);
    const setter = DIRECTIVE_OPTIONS.get(name);
    if (setter === undefined) {
      const problem = name.startsWith('-') ? 'Illegal option' : 'Unexpected word';
      throw new BsubScriptError(line, `${problem} <${words[index]}>`);
    }
    if (typeof setter !== 'function') {
      options = addOptions(options, setter);
      continue;
    }
    const value = glued ?? words[++index];
    if (value === undefined) {
      throw new BsubScriptError(line, `Option <${name}> needs a value`);
    }
    options = addOptions(options, setter(value));
  }
  return options;
}

/** `-qshort` is `-q short`, but `-oo` and `-cwd` are options of their own. */
function splitOption(word: string): [string, string | undefined] {
  if (DIRECTIVE_OPTIONS.has(word) || word.length <= 2) {
    return [word, undefined];
  }
  const letter = word.slice(0, 2);
  return typeof DIRECTIVE_OPTIONS.get(letter) === 'function'
    ? [letter, word.slice(2)]
    : [word, undefined];
}

/** True when some line is neither blank nor a comment: the script has something to run. */
export function scriptHasCommand(script: string): boolean {
  return script.split('\n').some((line) => {
    const text = line.trim();
    return text !== '' && !text.startsWith('#');
  });
}

/**
 * The command that runs a script. A `#!` script is handed to its interpreter as a here-document,
 * as OpenLava does; it arrives on descriptor 3 rather than standard input so that the job's
 * standard input (-i) still reaches the script. Any other script is itself /bin/sh input.
 */
export function scriptCommand(script: string): string {
  const lines = script.split('\n');
  const interpreter = lines[0].startsWith('#!') ? lines[0].slice(2).trim() : '';
  if (interpreter === '') {
    return script;
  }
  let delimiter = '_USER_SCRIPT_';
  while (lines.includes(delimiter)) {
    delimiter += '_';
  }
  return `${interpreter} /dev/fd/3 3<<'${delimiter}'\n${script}\n${delimiter}`;
}

/** The script a command made by `scriptCommand` runs: what LSF shows as the job's command. */
export function scriptOfCommand(command: string): string {
  const wrapped = /^[^\n]* \/dev\/fd\/3 3<<'(_USER_SCRIPT_+)'\n([\s\S]*)\n\1$/.exec(command);
  return wrapped ? wrapped[2] : command;
}

/** Where a script came from, which only changes the wording when it is empty. */
export interface ScriptInput {
  text: string;
  /** Standard input was a regular file (`bsub < job.sh`). */
  fromFile: boolean;
}

/**
 * A job from a script read on standard input: its `#BSUB` lines fill the options the command
 * line left unset, and the job is named after the script as typed unless -J names it.
 */
export function scriptJob(input: ScriptInput, commandLine: BsubOptions): BsubJob {
  if (!scriptHasCommand(input.text)) {
    const where = input.fromFile ? ' in the script file' : '';
    throw new CommandFailure(`No command is specified${where}. Job not submitted.`);
  }
  const options = mergeBsubOptions(commandLine, parseBsubDirectives(input.text));
  const script = input.text.trim();
  const jobName = options.jobName ?? defaultJobName(script);
  return { command: scriptCommand(script), jobName, options };
}
