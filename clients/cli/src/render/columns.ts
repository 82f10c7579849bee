/**
 * The printf-style column primitives the LSF commands are built from. `left(s, 7)` is
 * `%-7.7s` and `right(s, 7)` is `%7.7s`: pad to the width and cut what is longer.
 */
export function left(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

export function right(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : ' '.repeat(width - text.length) + text;
}

/** `%Ns`: pads to the width but never cuts. */
export function rightNoCut(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

export function leftNoCut(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * Memory in LSF's short form: megabytes below a gigabyte (`512M`), gigabytes above, with
 * one decimal only when it says something (`62.7G`, `4G`).
 */
export function formatMegabytes(mb: number): string {
  if (mb < 1024) {
    return `${Math.round(mb)}M`;
  }
  const gb = mb / 1024;
  if (gb >= 100 || Math.abs(gb - Math.round(gb)) < 0.05) {
    return `${Math.round(gb)}G`;
  }
  return `${gb.toFixed(1)}G`;
}
