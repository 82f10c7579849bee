/** Long formats wrap when a line holds this many characters. */
export const WRAP_COLUMN = 79;

/** Continuation lines start under the text after the `Tue Mar  4 09:15:03: ` stamp. */
export const CONTINUATION_INDENT = 21;

/**
 * The text writer of LSF's long formats (OpenLava `prtLine`): it keeps a column cursor
 * across writes and, once a line holds 79 characters, continues on a new line indented by
 * 21 spaces, breaking mid-word. A space that falls on the break is dropped. A newline that
 * arrives exactly at column 79 still breaks first, which leaves a line of 21 spaces: real
 * LSF output has those lines, and parsers that re-join continuations expect them.
 */
export class WrappingWriter {
  private text = '';
  private column = 0;

  write(text: string): void {
    for (const char of text) {
      if (this.column === WRAP_COLUMN) {
        this.text += `\n${' '.repeat(CONTINUATION_INDENT)}`;
        this.column = CONTINUATION_INDENT;
        if (char === ' ') {
          continue;
        }
      }
      this.text += char;
      this.column = char === '\n' ? 0 : this.column + 1;
    }
  }

  toString(): string {
    return this.text;
  }
}
