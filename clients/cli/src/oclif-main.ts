import path from 'node:path';
import { execute, settings } from '@oclif/core';

/** The package root holds package.json, whose `oclif` section lists the commands. */
const PACKAGE_ROOT = path.resolve(__dirname, '../../../..');

/** `lavalite <command>`: every LSF command under one oclif CLI, with help and listing. */
export async function main(argv: string[]): Promise<void> {
  settings.enableAutoTranspile = false;
  await execute({ args: argv, dir: path.join(PACKAGE_ROOT, 'package.json') });
}
