import { Command } from '@oclif/core';
import { CommandFailure } from './command-failure';

/**
 * Base of every LSF command: failures print exactly LSF's text on stderr, with LSF's exit
 * code, instead of oclif's decorated error.
 */
export abstract class LsfCommand extends Command {
  /** The name the user typed, for messages (`lsload: ...`). */
  protected get commandName(): string {
    return this.id ?? this.constructor.name.toLowerCase();
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof CommandFailure) {
      process.stderr.write(`${error.message}\n`);
      return this.exit(error.exitCode);
    }
    return super.catch(error);
  }

  /** Writes text exactly as rendered (this.log would add a newline per call). */
  protected print(text: string): void {
    process.stdout.write(text);
  }
}
