import { ConfigError } from './config-error';
import { logicalLines } from './logical-lines';

/** The value of a `KEY = value` line inside a section. */
export interface KeywordValue {
  readonly value: string;
  readonly line: number;
}

/** One table row; short rows are padded with '' up to the header's width. */
export interface TableRow {
  readonly cells: string[];
  readonly line: number;
}

/** One `Begin Name` ... `End Name` block. */
export interface Section {
  /** The name as written after Begin; compare it ignoring case. */
  readonly name: string;
  /** Line of the Begin line. */
  readonly line: number;
  /** Keyword lines, keyed by upper-cased keyword. */
  readonly keywords: Map<string, KeywordValue>;
  /** Column names of the table, or null when the section has no table. */
  readonly header: string[] | null;
  /** Line of the header, or 0 when there is none. */
  readonly headerLine: number;
  readonly rows: TableRow[];
}

interface OpenSection {
  name: string;
  line: number;
  keywords: Map<string, KeywordValue>;
  header: string[] | null;
  headerLine: number;
  rows: TableRow[];
}

const MARKER = /^(begin|end)(?:\s+(.*))?$/i;
const KEYWORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads the Begin/End sections shared by lsf.shared, lsf.cluster.<name> and the lsb.* files.
 * Throws ConfigError, with the line, for text outside a section, unbalanced Begin/End, bad
 * quoting or parentheses, and table rows wider than their header.
 */
export function readSections(text: string, file: string): Section[] {
  const sections: Section[] = [];
  let open: OpenSection | null = null;

  for (const logical of logicalLines(text)) {
    const line = logical.line;
    const content = stripComment(logical.text, file, line).trim();
    if (content === '') {
      continue;
    }

    const marker = sectionMarker(content, file, line);
    if (marker?.begin === true) {
      open = beginSection(open, marker.name, file, line);
    } else if (marker?.begin === false) {
      sections.push(closeSection(open, marker.name, file, line));
      open = null;
    } else if (open === null) {
      throw new ConfigError(file, line, `text outside a Begin/End section: '${content}'`);
    } else {
      addLine(open, content, file, line);
    }
  }

  if (open !== null) {
    throw new ConfigError(file, open.line, `section ${open.name} has no End ${open.name}`);
  }
  return sections;
}

function beginSection(
  open: OpenSection | null,
  name: string,
  file: string,
  line: number,
): OpenSection {
  if (open !== null) {
    const reason = `Begin ${name} inside section ${open.name} opened on line ${open.line}`;
    throw new ConfigError(file, line, `${reason} (missing End ${open.name}?)`);
  }
  return { name, line, keywords: new Map(), header: null, headerLine: 0, rows: [] };
}

function closeSection(open: OpenSection | null, name: string, file: string, line: number): Section {
  if (open === null) {
    throw new ConfigError(file, line, `End ${name} without a matching Begin ${name}`);
  }
  if (open.name.toLowerCase() !== name.toLowerCase()) {
    const reason = `End ${name} does not match Begin ${open.name} on line ${open.line}`;
    throw new ConfigError(file, line, reason);
  }
  return open;
}

function sectionMarker(content: string, file: string, line: number) {
  const match = MARKER.exec(content);
  if (match === null) {
    return null;
  }

  const word = match[1];
  const name = (match[2] ?? '').trim();
  if (name === '') {
    throw new ConfigError(file, line, `${word} needs a section name`);
  }
  if (/\s/.test(name)) {
    throw new ConfigError(file, line, `unexpected text after ${word}: '${name}'`);
  }
  return { begin: word.toLowerCase() === 'begin', name };
}

function addLine(section: OpenSection, content: string, file: string, line: number): void {
  const equals = topLevelEquals(content);
  if (equals >= 0) {
    addKeyword(section, content.slice(0, equals).trim(), content.slice(equals + 1), file, line);
    return;
  }

  const cells = splitCells(content, file, line);
  if (section.header === null) {
    section.header = cells;
    section.headerLine = line;
    return;
  }

  const width = section.header.length;
  if (cells.length > width) {
    const reason = `row has ${cells.length} values but the header on line`;
    throw new ConfigError(file, line, `${reason} ${section.headerLine} names ${width} columns`);
  }
  while (cells.length < width) {
    cells.push('');
  }
  section.rows.push({ cells, line });
}

function addKeyword(
  section: OpenSection,
  key: string,
  rawValue: string,
  file: string,
  line: number,
): void {
  if (!KEYWORD.test(key)) {
    throw new ConfigError(file, line, `invalid keyword '${key}' before '='`);
  }

  const upper = key.toUpperCase();
  const earlier = section.keywords.get(upper);
  if (earlier !== undefined) {
    throw new ConfigError(file, line, `${key} is already set on line ${earlier.line}`);
  }

  section.keywords.set(upper, { value: unquote(rawValue.trim()), line });
}

/** A value wholly inside one pair of double quotes loses them; embedded quotes are kept. */
function unquote(value: string): string {
  return /^"[^"]*"$/.test(value) ? value.slice(1, -1) : value;
}

function stripComment(text: string, file: string, line: number): string {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '"') {
      quoted = !quoted;
    } else if (text[i] === '#' && !quoted) {
      return text.slice(0, i);
    }
  }

  if (quoted) {
    throw new ConfigError(file, line, 'unterminated double quote');
  }
  return text;
}

/** Index of the first `=` outside quotes, parentheses and brackets, or -1. */
function topLevelEquals(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === '(' || char === '[')) {
      depth += 1;
    } else if (!quoted && (char === ')' || char === ']')) {
      depth -= 1;
    } else if (!quoted && depth === 0 && char === '=') {
      return i;
    }
  }
  return -1;
}

/**
 * Splits a table line into cells: blanks separate cells, `( ... )` stays one cell with its
 * parentheses, and `"..."` is one cell without its quotes (so `""` is an empty cell).
 */
function splitCells(text: string, file: string, line: number): string[] {
  const cells: string[] = [];
  let i = 0;

  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i += 1;
      continue;
    }
    let cell = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const end = cellPieceEnd(text, i, file, line);
      cell += text[i] === '"' ? text.slice(i + 1, end - 1) : text.slice(i, end);
      i = end;
    }
    cells.push(cell);
  }

  return cells;
}

/** End (exclusive) of the quoted string, parenthesised group or single character at `start`. */
function cellPieceEnd(text: string, start: number, file: string, line: number): number {
  const char = text[start];
  if (char === '"') {
    return text.indexOf('"', start + 1) + 1;
  }
  if (char === ')') {
    throw new ConfigError(file, line, `unmatched ')' in '${text}'`);
  }
  if (char !== '(') {
    return start + 1;
  }

  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '(') {
      depth += 1;
    } else if (text[i] === ')') {
      depth -= 1;
    }
    if (depth === 0) {
      return i + 1;
    }
  }
  throw new ConfigError(file, line, `unclosed '(' in '${text}'`);
}
