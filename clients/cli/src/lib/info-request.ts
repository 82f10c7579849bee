import type { FlagShape } from './lsf-argv';

/** What LSF's common options ask for instead of running the command. */
export type InfoRequest = 'usage' | 'version';

const INFO_OPTIONS: Readonly<Record<string, InfoRequest>> = {
  '-h': 'usage',
  '-help': 'usage',
  '--help': 'usage',
  '-V': 'version',
  '--version': 'version',
};

/**
 * Finds `-h` or `-V` among the options before the first argument word. What follows that
 * word is left alone: in `lsadmin showconf lim -h host` the -h names a host, and in
 * `bsub ls -h` it belongs to the job's command.
 */
export function infoRequest(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagShape>>,
): InfoRequest | undefined {
  const takesValue = new Set<string>();
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.type === 'option') {
      takesValue.add(`-${name}`).add(`--${name}`);
      if (flag.char) {
        takesValue.add(`-${flag.char}`);
      }
    }
  }

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const request = INFO_OPTIONS[token];
    if (request) {
      return request;
    }
    if (!token.startsWith('-') || token === '-' || token === '--') {
      return undefined;
    }
    if (takesValue.has(token)) {
      i++;
    }
  }
  return undefined;
}
