import type { Config } from '@oclif/core';
import { FlagShape, normaliseLsfArgv } from '../../src/lib/lsf-argv';

/**
 * The part of an oclif Config a command touches while it runs. Loading the real one needs
 * dynamic import(), which jest does not offer without experimental flags.
 */
const CONFIG = {
  bin: 'lavalite',
  runHook: async () => ({ successes: [], failures: [] }),
  scopedEnvVar: () => undefined,
  scopedEnvVarKey: () => '',
  scopedEnvVarKeys: () => [],
} as unknown as Config;

interface RunnableCommand {
  flags?: Record<string, FlagShape>;
  commandStartsAtFirstWord?: boolean;
  new (argv: string[], config: Config): unknown;
}

export interface CommandRun {
  stdout: string;
  stderr: string;
  /** The exit code the command ended with; 0 when it returned. */
  exit: number;
  /** What run() returned, for commands that return typed data. */
  returned: unknown;
}

/**
 * Runs a command in-process as launch.ts does, with LSF-style arguments normalised first,
 * capturing what it writes and the exit code it ends with.
 */
export async function runCommand(command: RunnableCommand, argv: string[]): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const normalised = normaliseLsfArgv(argv, command.flags ?? {}, {
    commandStartsAtFirstWord: command.commandStartsAtFirstWord,
  });
  let exit = 0;
  let returned: unknown;
  // oclif records a failing command's code in process.exitCode, which would fail jest itself.
  const exitCodeBefore = process.exitCode;
  try {
    returned = await (new command(normalised, CONFIG) as { _run(): Promise<unknown> })._run();
  } catch (error) {
    const oclifExit = (error as { oclif?: { exit?: number } }).oclif?.exit;
    if (oclifExit === undefined) {
      throw error;
    }
    exit = oclifExit;
  } finally {
    process.exitCode = exitCodeBefore;
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr, exit, returned };
}
