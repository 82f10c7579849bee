import path from 'node:path';
import { settings } from '@oclif/core';
import { PRODUCT_VERSION_LINE } from '../../../services/common/src/version';
import { infoRequest } from './lib/info-request';
import type { LsfCommand } from './lib/lsf-command';
import { IllegalOptionError, normaliseLsfArgv } from './lib/lsf-argv';
import { usageText, type UsageShape } from './lib/usage';

type CommandClass = typeof LsfCommand &
  UsageShape & {
    run(argv?: string[], root?: string): Promise<unknown>;
  };

/** Each LSF command loads only its own module, which keeps start-up short. */
const COMMANDS: Record<string, () => CommandClass> = {
  lsid: () => require('./commands/lsid').default,
  lshosts: () => require('./commands/lshosts').default,
  lsload: () => require('./commands/lsload').default,
  bsub: () => require('./commands/bsub').default,
  bjobs: () => require('./commands/bjobs').default,
  bkill: () => require('./commands/bkill').default,
  bstop: () => require('./commands/bstop').default,
  bresume: () => require('./commands/bresume').default,
  bhosts: () => require('./commands/bhosts').default,
  bqueues: () => require('./commands/bqueues').default,
  busers: () => require('./commands/busers').default,
  bhist: () => require('./commands/bhist').default,
  badmin: () => require('./commands/badmin').default,
  bacct: () => require('./commands/bacct').default,
  bpeek: () => require('./commands/bpeek').default,
  bwait: () => require('./commands/bwait').default,
  bparams: () => require('./commands/bparams').default,
  lsadmin: () => require('./commands/lsadmin').default,
  lsclusters: () => require('./commands/lsclusters').default,
  bmod: () => require('./commands/bmod').default,
  btop: () => require('./commands/btop').default,
  bbot: () => require('./commands/bbot').default,
  bswitch: () => require('./commands/bswitch').default,
  brequeue: () => require('./commands/brequeue').default,
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

/** The package root: package.json sits three levels above dist/clients/cli/src. */
const PACKAGE_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Runs one LSF command as its own executable (`bin/lsload -l`), with LSF-style arguments
 * rewritten for oclif first.
 */
export async function launch(name: string, argv: string[]): Promise<void> {
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`${name}: not a LavaLite command\n`);
    process.exit(255);
  }
  // Installed code is compiled: never let NODE_ENV=test/development send oclif looking for
  // TypeScript sources (it warns on stderr when it cannot find a compiler).
  settings.enableAutoTranspile = false;
  const command = load();
  // LSF's -h and -V, on every command, on stderr: usage exits 255 as OpenLava's, -V exits 0.
  const info = infoRequest(argv, command.flags ?? {});
  if (info) {
    process.stderr.write(info === 'usage' ? usageText(name, command) : `${PRODUCT_VERSION_LINE}\n`);
    process.exitCode = info === 'usage' ? 255 : 0;
    return;
  }
  let normalised: string[];
  try {
    normalised = normaliseLsfArgv(argv, command.flags ?? {}, {
      commandStartsAtFirstWord: command.commandStartsAtFirstWord,
    });
  } catch (error) {
    if (!(error instanceof IllegalOptionError)) {
      throw error;
    }
    process.stderr.write(`${name}: ${error.message}\n${usageText(name, command)}`);
    process.exitCode = 255;
    return;
  }

  try {
    await command.run(normalised, PACKAGE_ROOT);
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
    if (exit === undefined) {
      process.stderr.write(`${name}: ${(error as Error).message}\n`);
      process.exitCode = 255;
      return;
    }
    process.exitCode = exit;
  }
}
