import { LSF_LONG_OPTIONS } from './lsf-long-options';

/** The part of an oclif flag definition the normaliser needs. */
export interface FlagShape {
  char?: string;
  type: 'boolean' | 'option';
}

export interface NormaliseOptions {
  /** bsub: the first word that is not an option starts the job's command; the rest is its own. */
  commandStartsAtFirstWord?: boolean;
}

/** An option the command does not take, named as the user typed it without its dash. */
export class IllegalOptionError extends Error {
  constructor(readonly option: string) {
    super(`illegal option -- ${option}`);
    this.name = 'IllegalOptionError';
  }
}

/**
 * Rewrites arguments typed as LSF users type them into what oclif parses: single-dash long
 * options (`-noheader`, `-cwd dir`) become `--name`, bundled short flags (`-aJ name`) are
 * split, and for bsub every word from the job's command on is passed through untouched.
 * Throws IllegalOptionError for one of LSF's long options that the command does not take.
 */
export function normaliseLsfArgv(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagShape>>,
  options: NormaliseOptions = {},
): string[] {
  const byChar = new Map<string, [string, FlagShape]>();
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.char) {
      byChar.set(flag.char, [name, flag]);
    }
  }

  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('-') || token === '-' || token.startsWith('--')) {
      if (options.commandStartsAtFirstWord && !token.startsWith('--')) {
        out.push('--', ...argv.slice(i));
        break;
      }
      out.push(token);
      continue;
    }

    const word = token.slice(1);
    const long = word.length > 1 ? flags[word] : undefined;
    if (!long && LSF_LONG_OPTIONS.has(word)) {
      throw new IllegalOptionError(word);
    }
    if (long) {
      out.push(`--${word}`);
      if (long.type === 'option' && i + 1 < argv.length) {
        out.push(argv[++i]);
      }
      continue;
    }
    i = splitBundle(word, argv, i, byChar, out);
  }
  return out;
}

/** Splits `-abc` into `-a -b -c`; an option that takes a value takes the rest or the next word. */
function splitBundle(
  word: string,
  argv: readonly string[],
  index: number,
  byChar: Map<string, [string, FlagShape]>,
  out: string[],
): number {
  for (let c = 0; c < word.length; c++) {
    const entry = byChar.get(word[c]);
    if (!entry) {
      out.push(`-${word.slice(c)}`);
      return index;
    }
    out.push(`-${word[c]}`);
    if (entry[1].type === 'option') {
      const rest = word.slice(c + 1);
      if (rest) {
        out.push(rest);
      } else if (index + 1 < argv.length) {
        out.push(argv[++index]);
      }
      return index;
    }
  }
  return index;
}
