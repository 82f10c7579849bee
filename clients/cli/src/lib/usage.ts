import type { FlagShape } from './lsf-argv';

/** The parts of a command class its usage line is built from. */
export interface UsageShape {
  flags?: Readonly<Record<string, FlagShape & { hidden?: boolean }>>;
  args?: Readonly<Record<string, unknown>>;
  strict?: boolean;
  /** bsub: the job's command starts at the first word that is not an option. */
  commandStartsAtFirstWord?: boolean;
}

const WIDTH = 80;

/**
 * LSF's answer to `-h`: a `Usage:` synopsis of the command's options, in the single-dash
 * spelling LSF users type, wrapped to 80 columns. Built from the flag definitions rather
 * than by oclif's help renderer, which would load and format far more than a synopsis.
 */
export function usageText(name: string, command: UsageShape): string {
  const words = ['[-h]', '[-V]'];
  for (const [flagName, flag] of Object.entries(command.flags ?? {})) {
    if (!flag.hidden) {
      const option = `-${flag.char ?? flagName}`;
      words.push(
        flag.type === 'option' ? `[${option} ${valueName(flagName, option)}]` : `[${option}]`,
      );
    }
  }
  for (const argName of Object.keys(command.args ?? {})) {
    words.push(
      command.strict === false ? `[${snakeCase(argName)} ...]` : `[${snakeCase(argName)}]`,
    );
  }
  if (command.commandStartsAtFirstWord) {
    words.push('[command [argument ...]]');
  }
  return wrap(`Usage: ${name} `, words);
}

function snakeCase(name: string): string {
  return name.replace(/(?<=.)[A-Z]/g, (letter) => `_${letter}`).toLowerCase();
}

/** `-J job_name`; a flag named after its own letters (bsub's `-G`, `-cwd`) takes `value`. */
function valueName(flagName: string, option: string): string {
  return flagName.toLowerCase() === option.slice(1).toLowerCase() ? 'value' : snakeCase(flagName);
}

/** Fills lines up to WIDTH, continuing under the first word. */
function wrap(lead: string, words: string[]): string {
  const indent = ' '.repeat(lead.length);
  const lines: string[] = [];
  let line = lead;
  for (const word of words) {
    if (line.length > lead.length && line.length + word.length > WIDTH) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return `${lines.join('\n')}\n`;
}
