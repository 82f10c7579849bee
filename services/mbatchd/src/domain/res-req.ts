/**
 * LSF resource requirement strings (`bsub -R`, queue RES_REQ): `select[...]`, `order[...]`,
 * `rusage[...]` and `span[...]` sections, a bare expression being the select part. Pure: it
 * knows resource names only through the lists it is given, so it is tested without a cluster.
 */

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

/** One key of `order[...]`: hosts with a better value of `name` come first. */
export interface OrderKey {
  name: string;
  /** `-name`: the opposite of the index's natural order. */
  reversed: boolean;
}

export interface ResReq {
  select: SelectExpr | null;
  order: OrderKey[];
  /** rusage[mem=...]: memory reserved on each host while the job runs, in MB. */
  rusageMemMb: number | null;
  /** span[hosts=1]: every slot on one host. */
  spanOneHost: boolean;
  /** span[ptile=N]: N slots on each host (the last may have fewer); null when not given. */
  ptile: number | null;
}

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

const SECTION = /\s*(select|order|rusage|span|same)\s*\[/y;

/**
 * Parses one or more requirement strings into one requirement: select parts are joined with
 * `&&`; for order, rusage and span a later string overrides an earlier one. `rusageUnitKb` is
 * the unit of a bare rusage mem number. Throws ResReqError on anything malformed.
 */
export function parseResReqs(
  texts: readonly string[],
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb = 1024,
): ResReq {
  const combined: ResReq = {
    select: null,
    order: [],
    rusageMemMb: null,
    spanOneHost: false,
    ptile: null,
  };
  for (const text of texts) {
    const one = parseResReq(text, resources, rusageUnitKb);
    if (one.select) {
      combined.select = combined.select
        ? { kind: 'and', left: combined.select, right: one.select }
        : one.select;
    }
    if (one.order.length > 0) {
      combined.order = one.order;
    }
    combined.rusageMemMb = one.rusageMemMb ?? combined.rusageMemMb;
    if (one.spanOneHost || one.ptile !== null) {
      combined.spanOneHost = one.spanOneHost;
      combined.ptile = one.ptile;
    }
  }
  return combined;
}

function parseResReq(
  text: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): ResReq {
  const result: ResReq = {
    select: null,
    order: [],
    rusageMemMb: null,
    spanOneHost: false,
    ptile: null,
  };
  const seen = new Set<string>();
  let position = 0;
  const trimmed = text.trim();
  if (trimmed !== '' && !startsSection(trimmed, 0)) {
    // A bare expression up to the first section is the select part.
    const end = firstSectionAt(trimmed);
    result.select = parseSelect(trimmed.slice(0, end), resources);
    seen.add('select');
    position = end;
  }
  while (position < trimmed.length) {
    SECTION.lastIndex = position;
    const match = SECTION.exec(trimmed);
    if (!match) {
      if (trimmed.slice(position).trim() === '') {
        break;
      }
      throw new ResReqError(`unexpected text at '${trimmed.slice(position)}'`);
    }
    const name = match[1];
    const close = trimmed.indexOf(']', SECTION.lastIndex);
    if (close < 0) {
      throw new ResReqError(`${name}[ is not closed`);
    }
    if (seen.has(name)) {
      throw new ResReqError(`${name}[] given twice`);
    }
    seen.add(name);
    applySection(result, name, trimmed.slice(SECTION.lastIndex, close), resources, rusageUnitKb);
    position = close + 1;
  }
  return result;
}

function startsSection(text: string, at: number): boolean {
  SECTION.lastIndex = at;
  return SECTION.test(text);
}

function firstSectionAt(text: string): number {
  const found = /(^|\s)(select|order|rusage|span|same)\s*\[/.exec(text);
  return found ? found.index : text.length;
}

function applySection(
  result: ResReq,
  name: string,
  body: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): void {
  switch (name) {
    case 'select':
      result.select = body.trim() === '' ? null : parseSelect(body, resources);
      return;
    case 'order':
      result.order = parseOrder(body, resources);
      return;
    case 'rusage':
      result.rusageMemMb = parseRusage(body, resources, rusageUnitKb);
      return;
    case 'span':
      parseSpan(body, result);
      return;
    default:
      // same[...] only matters to jobs over several hosts of different types; LavaLite
      // checks its names and otherwise places the job as it would without it.
      body.split(/[:,]/).forEach((resource) => checkName(resource.trim(), resources));
  }
}

function parseOrder(body: string, resources: ReadonlyMap<string, ResourceKind>): OrderKey[] {
  return body
    .split(/[:,]/)
    .map((key) => key.trim())
    .filter((key) => key !== '')
    .map((key) => {
      const reversed = key.startsWith('-');
      const name = reversed ? key.slice(1).trim() : key;
      if (resources.get(name) !== 'numeric') {
        throw new ResReqError(`order[] needs numeric indices, not '${name}'`);
      }
      return { name, reversed };
    });
}

const RUSAGE_TERM = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/;

function parseRusage(
  body: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): number | null {
  let memMb: number | null = null;
  for (const part of body.split(',')) {
    const [resourceTerm, ...modifiers] = part.split(':').map((term) => term.trim());
    const resource = RUSAGE_TERM.exec(resourceTerm);
    if (!resource) {
      throw new ResReqError(`rusage term '${resourceTerm}' is not name=value`);
    }
    for (const modifier of modifiers) {
      if (!/^(duration|decay)\s*=\s*[0-9.]+[smh]?$/.test(modifier)) {
        throw new ResReqError(`rusage modifier '${modifier}' is not duration= or decay=`);
      }
    }
    const [, name, value] = resource;
    if (resources.get(name) !== 'numeric') {
      throw new ResReqError(`rusage of unknown resource '${name}'`);
    }
    const kb = amountKb(value.trim(), rusageUnitKb);
    if (kb === null) {
      throw new ResReqError(`rusage value '${value}' is not an amount`);
    }
    if (name === 'mem') {
      memMb = kb / 1024;
    }
  }
  return memMb;
}

const AMOUNT = /^([0-9]+(?:\.[0-9]+)?)([KMGT]B?)?$/i;
const UNIT_KB: Readonly<Record<string, number>> = { K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 };

function amountKb(text: string, defaultUnitKb: number): number | null {
  const match = AMOUNT.exec(text);
  if (!match) {
    return null;
  }
  const unit = match[2] ? UNIT_KB[match[2][0].toUpperCase()] : defaultUnitKb;
  return Number(match[1]) * unit;
}

function parseSpan(body: string, result: ResReq): void {
  const term = /^\s*(hosts|ptile)\s*=\s*([0-9]+)\s*$/.exec(body);
  if (!term) {
    throw new ResReqError(`span[${body}] is neither hosts=1 nor ptile=N`);
  }
  const value = Number(term[2]);
  if (term[1] === 'hosts') {
    if (value !== 1) {
      throw new ResReqError('span[hosts=N] takes only 1');
    }
    result.spanOneHost = true;
  } else {
    if (value < 1) {
      throw new ResReqError('span[ptile=N] needs N of at least 1');
    }
    result.ptile = value;
  }
}

function checkName(name: string, resources: ReadonlyMap<string, ResourceKind>): void {
  if (!resources.has(name)) {
    throw new ResReqError(`unknown resource '${name}'`);
  }
}

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
  return unit === undefined ? Number(digits) : amountKb(digits + unit, 1)! / 1024;
}

const COMPARISONS = new Set(['==', '!=', '>', '>=', '<', '<=']);

/** Recursive descent: or := and ('||' and)*, and := unary ('&&' unary)*, unary := '!' unary. */
function parseSelect(text: string, resources: ReadonlyMap<string, ResourceKind>): SelectExpr {
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
