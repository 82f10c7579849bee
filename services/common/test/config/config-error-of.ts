import { ConfigError } from '../../src/config/config-error';

/** Runs `parse` and returns the ConfigError it throws; fails the test on anything else. */
export function configErrorOf(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but parsing succeeded');
}

/** Joins lines with newlines so that a test can count line numbers by array index + 1. */
export function lines(...text: string[]): string {
  return text.join('\n');
}
