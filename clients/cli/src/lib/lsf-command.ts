import { Command, Errors } from '@oclif/core';
import { CommandFailure, LSF_FAILURE_EXIT } from './command-failure';

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
    if (error instanceof Errors.CLIError && !(error instanceof Errors.ExitError)) {
      // oclif's own parse errors (an unknown option, -w with -l) end like every LSF failure.
      process.stderr.write(`${this.commandName}: ${error.message}\n`);
      return this.exit(LSF_FAILURE_EXIT);
    }
    return super.catch(error);
  }

  /** Writes text exactly as rendered (this.log would add a newline per call). */
  protected print(text: string): void {
    process.stdout.write(text);
  }
}
