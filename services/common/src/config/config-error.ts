/**
 * Thrown when a configuration file is missing, unreadable or malformed. A daemon that catches it
 * must stop: running on half-read configuration would schedule against the wrong cluster.
 */
export class ConfigError extends Error {
  /** Path of the offending file, as it was opened. */
  readonly file: string;

  /** 1-based line of the problem, or 0 when it concerns the file as a whole. */
  readonly line: number;

  /** What is wrong, without the file and line prefix. */
  readonly reason: string;

  constructor(file: string, line: number, reason: string, options?: { cause?: unknown }) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`, options);
    this.name = 'ConfigError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
