/**
 * Freezes a value and everything reachable from it, including the values held in Maps. A Map
 * itself still accepts `set` (Object.freeze cannot stop it), so callers must treat it as
 * read-only by convention.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) {
    return value;
  }

  Object.freeze(value);
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  for (const child of children) {
    deepFreeze(child);
  }
  return value;
}
