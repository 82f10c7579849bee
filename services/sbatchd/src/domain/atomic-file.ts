import fs from 'node:fs';

/**
 * Writes a file under a temporary name and renames it, so a reader (or an sbatchd that
 * restarts after a crash) finds the old content or the new one, never a part.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** The file's text, or null when it does not exist. */
export function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}
