/**
 * The line wrapping of LSF's long formats (`bjobs -l`, and later `bhist -l`, `bacct -l`).
 * Scripts that read these formats join continuation lines by removing a newline and exactly
 * 21 spaces, so the break points and the indent must be LSF's to the byte.
 */

/** LSF breaks a line once it holds this many characters. */
export const LONG_LINE_WIDTH = 79;

/** Continuation lines start under the text that follows a `Tue Mar  4 09:15:03: ` stamp. */
export const CONTINUATION_INDENT = ' '.repeat(21);

/**
 * One logical line as LSF prints it, with its final newline. The break falls after every 79th
 * column, in the middle of a word if need be; a space that would open a continuation line is
 * dropped. The check runs before each character including the newline, so a line of exactly 79
 * characters is followed by a continuation line holding only the indent, as in real output.
 */
export function wrapLongLine(line: string): string {
  let out = '';
  let column = 0;
  for (const char of `${line}\n`) {
    if (column === LONG_LINE_WIDTH) {
      out += `\n${CONTINUATION_INDENT}`;
      column = CONTINUATION_INDENT.length;
      if (char === ' ') {
        continue;
      }
    }
    out += char;
    column = char === '\n' ? 0 : column + 1;
  }
  return out;
}
