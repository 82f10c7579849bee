/** One line after continuations are joined, numbered by the physical line it starts on. */
export interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

/**
 * Splits file text into logical lines. A line ending in `\` continues on the next line as if the
 * line break were not there. A comment line never continues, so a commented-out setting that
 * ended in `\` cannot swallow the live line below it.
 */
export function logicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  let pending: LogicalLine | null = null;

  // Editors on Windows may save a byte-order mark, which would otherwise glue onto the first key.
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of physical.entries()) {
    const trimmed = raw.trimEnd();
    const startsComment = pending === null && trimmed.trimStart().startsWith('#');
    const continues = trimmed.endsWith('\\') && !startsComment;
    const piece = continues ? trimmed.slice(0, -1) : raw;
    const joined: LogicalLine =
      pending === null
        ? { text: piece, line: index + 1 }
        : { text: pending.text + piece, line: pending.line };

    if (continues) {
      pending = joined;
    } else {
      result.push(joined);
      pending = null;
    }
  }

  if (pending !== null) {
    result.push(pending);
  }
  return result;
}
