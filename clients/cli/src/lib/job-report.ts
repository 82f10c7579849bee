import { CommandFailure } from './command-failure';

/** What a job command prints, and how it ends, decided by a pure function so tests can see it. */
export interface CommandReport {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Prints a report: results on stdout first, then the failures on stderr, ending the command
 * with the report's exit code when it is not 0.
 */
export function emitReport(report: CommandReport): void {
  process.stdout.write(report.stdout);
  if (report.exitCode !== 0) {
    throw new CommandFailure(report.stderr.replace(/\n$/, ''), report.exitCode);
  }
  process.stderr.write(report.stderr);
}
