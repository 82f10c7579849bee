/**
 * The escaping of the shepherd's files: '%', bytes up to space, DEL and every byte of a
 * non-ASCII character are written as %XX, so any value fits on one `key=value` line and the
 * C side decodes it without knowing UTF-8.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const escaped = byte <= 0x20 || byte === 0x25 || byte >= 0x7f;
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    out += escaped ? `%${hex}` : String.fromCharCode(byte);
  }
  return out;
}

/** The inverse of percentEncode; returns null for a malformed escape. */
export function percentDecode(text: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      bytes.push(text.charCodeAt(i));
      continue;
    }

    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      return null;
    }
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}
