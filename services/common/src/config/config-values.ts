import { ConfigError } from './config-error';

/** Where a value came from, so a rejected value can be reported at its line. */
export interface ValueSite {
  readonly file: string;
  readonly line: number;
}

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const CLUSTER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Parses a whole number >= 0; `what` names the setting in the error. */
export function nonNegativeInteger(text: string, what: string, at: ValueSite): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) {
    const reason = `${what} must be a non-negative integer, got '${text}'`;
    throw new ConfigError(at.file, at.line, reason);
  }
  return value;
}

/** Parses a whole number >= 1. */
export function positiveInteger(text: string, what: string, at: ValueSite): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(at.file, at.line, `${what} must be an integer >= 1, got '${text}'`);
  }
  return value;
}

/** Parses a plain decimal number >= 0 such as `3.5`; exponents and signs are refused. */
export function nonNegativeNumber(text: string, what: string, at: ValueSite): number {
  if (!DECIMAL.test(text)) {
    throw new ConfigError(at.file, at.line, `${what} must be a non-negative number, got '${text}'`);
  }
  return Number(text);
}

/** Parses a plain decimal number > 0, so fractions of a second are allowed. */
export function positiveNumber(text: string, what: string, at: ValueSite): number {
  if (!DECIMAL.test(text) || Number(text) <= 0) {
    throw new ConfigError(at.file, at.line, `${what} must be a number > 0, got '${text}'`);
  }
  return Number(text);
}

/** Parses y / yes / n / no in any case. */
export function yesNo(text: string, what: string, at: ValueSite): boolean {
  const lower = text.toLowerCase();
  if (lower === 'y' || lower === 'yes') {
    return true;
  }
  if (lower === 'n' || lower === 'no') {
    return false;
  }
  throw new ConfigError(at.file, at.line, `${what} must be y, yes, n or no, got '${text}'`);
}

/** Splits on runs of whitespace, dropping empty pieces. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** The items of a `(a b c)` cell, or null when the cell is not parenthesised. */
export function parenList(cell: string): string[] | null {
  if (!cell.startsWith('(') || !cell.endsWith(')')) {
    return null;
  }
  return words(cell.slice(1, -1));
}

/** True for names safe to use as a file name suffix, as in `lsf.cluster.<name>`. */
export function isClusterName(name: string): boolean {
  return CLUSTER_NAME.test(name);
}
