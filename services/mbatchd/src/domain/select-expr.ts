/**
 * The select part of a resource requirement (`mem>4000 && (type==X86_64 || !gpu)`): its
 * syntax tree and its parser, which checks every name against the cluster's resources.
 */

import { memoryKb } from '../../../common/src/config/limit-units';
import { ResReqError, type ResourceKind } from './resource-kinds';

/** A value in a select expression: a host fact, a number or a string. */
export type Operand =
  | { kind: 'name'; name: string }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string };

export type Comparison = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** A select expression: a boolean over host facts. */
export type SelectExpr =
  | { kind: 'and' | 'or'; left: SelectExpr; right: SelectExpr }
  | { kind: 'not'; operand: SelectExpr }
  | { kind: 'compare'; op: Comparison; left: Operand; right: Operand }
  /** A boolean resource by name, true when the host has it; `defined(name)` is the same. */
  | { kind: 'boolean'; name: string };

type Token =
  | { kind: 'op'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string };

/** A number may carry a memory unit (`mem>4000MB`, `tmp>=2G`); bare numbers are as typed. */
const TOKEN =
  /\s*(?:(&&|\|\||==|!=|>=|<=|=|>|<|!|\(|\))|([0-9]+(?:\.[0-9]+)?)([KMGT]B?(?![\w.-]))?|([A-Za-z_][A-Za-z0-9_.-]*)|"([^"]*)"|'([^']*)')/iy;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    if (text.slice(position).trim() === '') {
      break;
    }
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) {
      throw new ResReqError(`unexpected '${text.slice(position).trim()}'`);
    }
    position = TOKEN.lastIndex;
    if (match[1] !== undefined) {
      tokens.push({ kind: 'op', text: match[1] === '=' ? '==' : match[1] });
    } else if (match[2] !== undefined) {
      tokens.push({ kind: 'number', value: numberInMb(match[2], match[3]) });
    } else if (match[4] !== undefined) {
      tokens.push({ kind: 'name', text: match[4] });
    } else {
      tokens.push({ kind: 'string', value: match[5] ?? match[6] });
    }
  }
  return tokens;
}

/** Memory indices (mem, swp, tmp, maxmem...) are in MB, so a number with a unit becomes MB. */
function numberInMb(digits: string, unit: string | undefined): number {
  return unit === undefined ? Number(digits) : memoryKb(digits + unit, 1)! / 1024;
}

const COMPARISONS = new Set(['==', '!=', '>', '>=', '<', '<=']);

/** Recursive descent: or := and ('||' and)*, and := unary ('&&' unary)*, unary := '!' unary. */
export function parseSelect(
  text: string,
  resources: ReadonlyMap<string, ResourceKind>,
): SelectExpr {
  const tokens = tokenize(text);
  let at = 0;
  const peekOp = (): string | undefined => {
    const token = tokens[at];
    return token?.kind === 'op' ? token.text : undefined;
  };
  const expectOp = (op: string): void => {
    if (peekOp() !== op) {
      throw new ResReqError(`expected '${op}'`);
    }
    at++;
  };

  const operand = (): Operand => {
    const token = tokens[at++];
    if (token?.kind === 'name') {
      return { kind: 'name', name: token.text };
    }
    if (token?.kind === 'number' || token?.kind === 'string') {
      return token.kind === 'number'
        ? { kind: 'number', value: token.value }
        : { kind: 'string', value: token.value };
    }
    throw new ResReqError('expected a resource name or a value');
  };

  const primary = (): SelectExpr => {
    if (peekOp() === '(') {
      at++;
      const inner = or();
      expectOp(')');
      return inner;
    }
    const token = tokens[at];
    if (token?.kind === 'name' && token.text === 'defined' && tokens[at + 1]?.kind === 'op') {
      at++;
      expectOp('(');
      const name = operand();
      expectOp(')');
      if (name.kind !== 'name') {
        throw new ResReqError('defined() takes a resource name');
      }
      return { kind: 'boolean', name: name.name };
    }
    const left = operand();
    const op = peekOp();
    if (op !== undefined && COMPARISONS.has(op)) {
      at++;
      return { kind: 'compare', op: op as Comparison, left, right: operand() };
    }
    if (left.kind !== 'name') {
      throw new ResReqError('a value alone is not a condition');
    }
    return { kind: 'boolean', name: left.name };
  };

  const unary = (): SelectExpr => {
    if (peekOp() === '!') {
      at++;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };

  const and = (): SelectExpr => {
    let left = unary();
    while (peekOp() === '&&') {
      at++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };

  const or = (): SelectExpr => {
    let left = and();
    while (peekOp() === '||') {
      at++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) {
    throw new ResReqError('empty select');
  }
  const expr = or();
  if (at !== tokens.length) {
    throw new ResReqError('unexpected text after the expression');
  }
  checkSelectNames(expr, resources);
  return expr;
}

/**
 * Every name must be a known resource, except the value side of a comparison with a string
 * resource (`type==X86_64`), which is a string. A boolean test needs a boolean resource.
 */
function checkSelectNames(expr: SelectExpr, resources: ReadonlyMap<string, ResourceKind>): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      checkSelectNames(expr.left, resources);
      checkSelectNames(expr.right, resources);
      return;
    case 'not':
      checkSelectNames(expr.operand, resources);
      return;
    case 'boolean':
      if (resources.get(expr.name) !== 'boolean') {
        throw new ResReqError(`'${expr.name}' is not a boolean resource`);
      }
      return;
    case 'compare': {
      const kinds = [expr.left, expr.right].map((side) =>
        side.kind === 'name' ? resources.get(side.name) : side.kind,
      );
      const stringSide = kinds.includes('string');
      [expr.left, expr.right].forEach((side, index) => {
        if (side.kind === 'name' && kinds[index] === undefined && !stringSide) {
          throw new ResReqError(`unknown resource '${side.name}'`);
        }
      });
      if (kinds.includes('boolean')) {
        throw new ResReqError('a boolean resource cannot be compared');
      }
      return;
    }
  }
}
