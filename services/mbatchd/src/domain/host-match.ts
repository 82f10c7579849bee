/** Whether a host satisfies a select expression, from the facts and load it reports. */

import type { Operand, SelectExpr } from './select-expr';

/** What a host offers to a select expression. */
export interface HostFacts {
  /** Numeric facts and load indices by name; a missing index fails any comparison. */
  numbers: ReadonlyMap<string, number>;
  /** type, model, hname. */
  strings: ReadonlyMap<string, string>;
  /** Boolean resources the host has. */
  booleans: ReadonlySet<string>;
}

/** True when the host satisfies the select expression (or there is none). */
export function hostMatches(select: SelectExpr | null, host: HostFacts): boolean {
  if (select === null) {
    return true;
  }
  switch (select.kind) {
    case 'and':
      return hostMatches(select.left, host) && hostMatches(select.right, host);
    case 'or':
      return hostMatches(select.left, host) || hostMatches(select.right, host);
    case 'not':
      return !hostMatches(select.operand, host);
    case 'boolean':
      return host.booleans.has(select.name);
    case 'compare':
      return compare(select, host);
  }
}

function compare(expr: Extract<SelectExpr, { kind: 'compare' }>, host: HostFacts): boolean {
  const stringContext = [expr.left, expr.right].some(
    (side) => side.kind === 'string' || (side.kind === 'name' && host.strings.has(side.name)),
  );
  const value = (side: Operand): number | string | undefined => {
    if (side.kind !== 'name') {
      return side.value;
    }
    if (stringContext) {
      return host.strings.get(side.name) ?? side.name;
    }
    return host.numbers.get(side.name);
  };
  const left = value(expr.left);
  const right = value(expr.right);
  if (left === undefined || right === undefined) {
    return false;
  }
  switch (expr.op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}
