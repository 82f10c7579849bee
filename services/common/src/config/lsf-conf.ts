import { ConfigError } from './config-error';
import { logicalLines } from './logical-lines';

/** One `KEY=VALUE` setting of lsf.conf with its quotes and comment removed. */
export interface LsfConfEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads lsf.conf settings in file order, keeping line numbers so that later checks (a bad port,
 * an unknown master host) can point at the line. Throws ConfigError on any malformed line.
 */
export function readLsfConfEntries(text: string, file: string): LsfConfEntry[] {
  const entries: LsfConfEntry[] = [];
  for (const { text: content, line } of logicalLines(text)) {
    const trimmed = content.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      entries.push(parseSetting(trimmed, file, line));
    }
  }
  return entries;
}

/** Parses lsf.conf into a key -> value map; a key set twice keeps its last value, as in sh. */
export function parseLsfConf(text: string, file: string): Map<string, string> {
  return new Map(readLsfConfEntries(text, file).map((entry) => [entry.key, entry.value]));
}

function parseSetting(text: string, file: string, line: number): LsfConfEntry {
  const equals = text.indexOf('=');
  if (equals < 0) {
    throw new ConfigError(file, line, `expected KEY=VALUE, found '${text}'`);
  }

  const key = text.slice(0, equals).trim();
  if (!KEY.test(key)) {
    throw new ConfigError(file, line, `invalid key '${key}': use letters, digits and _`);
  }

  return { key, value: shellValue(text.slice(equals + 1), file, line), line };
}

/**
 * Removes shell-style quoting from a value. Quoted pieces are kept exactly, unquoted pieces end
 * at `#`, and trailing blanks are trimmed only after the last quote so `"a "` keeps its space.
 */
function shellValue(raw: string, file: string, line: number): string {
  const text = raw.trimStart();
  let value = '';
  let quotedUpTo = 0;
  let i = 0;

  while (i < text.length && text[i] !== '#') {
    const char = text[i];
    if (char !== '"' && char !== "'") {
      value += char;
      i += 1;
      continue;
    }
    const close = text.indexOf(char, i + 1);
    if (close < 0) {
      const kind = char === '"' ? 'double' : 'single';
      throw new ConfigError(file, line, `unterminated ${kind} quote in value`);
    }
    value += text.slice(i + 1, close);
    quotedUpTo = value.length;
    i = close + 1;
  }

  return value.slice(0, quotedUpTo) + value.slice(quotedUpTo).trimEnd();
}
