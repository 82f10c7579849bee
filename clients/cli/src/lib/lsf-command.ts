import { Command, Errors } from '@oclif/core';
import { CommandFailure, LSF_FAILURE_EXIT } from './command-failure';
import { usageText, type UsageShape } from './usage';

/** oclif's words for options a command does not have: `Nonexistent flag: -W`. */
const UNKNOWN_OPTION = /^Nonexistent flags?: -*([^\s,]+)/;

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
      // oclif's own parse errors (an unknown option, -w with -l) end like every LSF failure;
      // an unknown option as getopt says it, with the usage.
      const shape = this.constructor as UsageShape;
      const unknown = UNKNOWN_OPTION.exec(error.message);
      process.stderr.write(
        unknown
          ? `${this.commandName}: illegal option -- ${unknown[1]}\n` +
              usageText(this.commandName, shape)
          : `${this.commandName}: ${lsfOptionNames(error.message, shape)}\n`,
      );
      return this.exit(LSF_FAILURE_EXIT);
    }
    return super.catch(error);
  }

  /** Writes text exactly as rendered (this.log would add a newline per call). */
  protected print(text: string): void {
    process.stdout.write(text);
  }
}

/** oclif's lines around a parse error, which name oclif rather than the LSF command. */
const OCLIF_DECORATION = /^(The following errors? occurred:|See more help with --help)$/;

/**
 * An oclif parse error as one line, its options as the user typed them: `--wide=true cannot
 * also be provided when using --long` reads `-w cannot also be provided when using -l`.
 */
function lsfOptionNames(message: string, shape: UsageShape): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !OCLIF_DECORATION.test(line));
  return lines.join('; ').replace(/--([A-Za-z]\w*)(=\S*)?/g, (whole, name: string) => {
    const flag = shape.flags?.[name];
    return flag ? `-${flag.char ?? name}` : whole;
  });
}
