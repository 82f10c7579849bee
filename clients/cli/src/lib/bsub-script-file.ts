import fs from 'node:fs';
import path from 'node:path';
import type { BsubOptions } from './bsub-request';
import { parseBsubDirectives } from './bsub-script';

/** Larger files are programs or data, not job scripts: their lines are not read. */
const MAX_SCRIPT_BYTES = 1 << 20;

/**
 * The `#BSUB` lines of a script named as the job's command (`bsub ./job.sh`, as Snakemake 7,
 * Parsl and PSI/J submit). LSF reads them only with LSB_BSUB_PARSE_SCRIPT=Y; LavaLite always
 * does, because those clients put their options there. A bare name (no `/`) is looked up in
 * PATH by the shell, so it is not read. Anything that is not a readable text
 * file of reasonable size (a program, `sleep`, a whole shell command line) has none.
 */
export function scriptFileDirectives(firstWord: string, cwd: string): BsubOptions {
  // Only a path runs as a file: /bin/sh looks a bare name up in PATH.
  if (!firstWord.includes('/')) {
    return {};
  }
  const file = path.resolve(cwd, firstWord);
  let text: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_SCRIPT_BYTES) {
      return {};
    }
    text = fs.readFileSync(file);
  } catch {
    return {};
  }
  if (text.includes(0)) {
    return {};
  }
  return parseBsubDirectives(text.toString('utf8'));
}
