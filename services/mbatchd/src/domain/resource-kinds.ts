/**
 * The resources a requirement string may name, how each is measured, and the error for a
 * requirement that does not parse or names what the cluster does not have.
 */

/** What a resource name means when a host is measured against it. */
export type ResourceKind = 'numeric' | 'string' | 'boolean';

/** Thrown for a requirement that does not parse or names an unknown resource. */
export class ResReqError extends Error {
  override readonly name = 'ResReqError';
}

/** The host facts LavaLite knows, by name; boolean resources come from the configuration. */
export const BUILT_IN_RESOURCES: ReadonlyMap<string, ResourceKind> = new Map<string, ResourceKind>([
  ...['r15s', 'r1m', 'r15m', 'ut', 'pg', 'io', 'ls', 'it', 'tmp', 'swp', 'mem'].map(
    (name) => [name, 'numeric'] as [string, ResourceKind],
  ),
  ...['ncpus', 'maxmem', 'maxswp', 'maxtmp', 'cpuf', 'slots', 'ndisks'].map(
    (name) => [name, 'numeric'] as [string, ResourceKind],
  ),
  ...['type', 'model', 'hname'].map((name) => [name, 'string'] as [string, ResourceKind]),
]);

/** Indices where a larger value is the better host; for the others smaller is better. */
const LARGER_IS_BETTER = new Set([
  'it',
  'tmp',
  'swp',
  'mem',
  'ncpus',
  'maxmem',
  'maxswp',
  'maxtmp',
  'cpuf',
  'slots',
]);

export function largerIsBetter(name: string): boolean {
  return LARGER_IS_BETTER.has(name);
}

export function checkResourceName(
  name: string,
  resources: ReadonlyMap<string, ResourceKind>,
): void {
  if (!resources.has(name)) {
    throw new ResReqError(`unknown resource '${name}'`);
  }
}
