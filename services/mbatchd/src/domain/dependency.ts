/**
 * Job dependency expressions (`bsub -w`): `done()`, `exit()` with an optional exit-code test,
 * `ended()` and `started()` on job ids, names and array elements, and the counts of an array's
 * elements in a state (`numdone(id, >= 5)`, `numended(id, *)`...), joined by `&&`, `||`, `!`
 * and parentheses; a bare target means `done(target)`. Pure: jobs are looked up through the
 * function the caller passes, so the parser and the evaluation are tested without mbatchd.
 */

export type DependencyKind = 'done' | 'exit' | 'ended' | 'started';

/** LSF's counts of array elements, each by the states it counts. */
const COUNTED_STATES = {
  numdone: ['DONE'],
  numexit: ['EXIT'],
  numended: ['DONE', 'EXIT'],
  numpend: ['PEND'],
  numhold: ['PSUSP'],
  numrun: ['RUN'],
  numstart: ['RUN', 'SSUSP', 'USUSP'],
} as const satisfies Record<string, ReadonlyArray<DependedJob['state']>>;

export type CountKind = keyof typeof COUNTED_STATES;

export type ExitComparison = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** What a condition is about, as written: a job id or a job name, with element indexes. */
export interface DependencyTarget {
  /** The target as typed, for messages. */
  text: string;
  /** A job id, or null when the target is a name. */
  id: number | null;
  /** A job name (a trailing `*` matches any suffix), or null for an id. */
  name: string | null;
  /** Element indexes given in brackets; null for the job or the whole array. */
  indexes: number[] | null;
}

export type DependencyExpr =
  | { kind: 'and' | 'or'; left: DependencyExpr; right: DependencyExpr }
  | { kind: 'not'; operand: DependencyExpr }
  | {
      kind: 'condition';
      test: DependencyKind;
      target: DependencyTarget;
      /** exit(id, op code); absent means any exit code. */
      exitCode?: { op: ExitComparison; value: number };
    }
  | {
      kind: 'count';
      test: CountKind;
      target: DependencyTarget;
      op: ExitComparison;
      /** The number to compare with; `all` (written `*`) is every element of the target. */
      value: number | 'all';
    };

/** Thrown for an expression that does not parse; bsub prints DEPEND_SYNTAX with the text. */
export class DependencySyntaxError extends Error {
  override readonly name = 'DependencySyntaxError';
}

const TESTS: ReadonlySet<string> = new Set(['done', 'exit', 'ended', 'started']);
const COMPARISONS: readonly ExitComparison[] = ['==', '!=', '>=', '<=', '>', '<'];
/** Characters that end a bare target. */
const TARGET_END = /[\s()&|!,"']/;

export function parseDependency(text: string): DependencyExpr {
  let at = 0;
  const skip = (): void => {
    while (at < text.length && /\s/.test(text[at])) {
      at++;
    }
  };
  const take = (token: string): boolean => {
    skip();
    if (text.startsWith(token, at)) {
      at += token.length;
      return true;
    }
    return false;
  };
  const expect = (token: string): void => {
    if (!take(token)) {
      throw new DependencySyntaxError(`expected '${token}' at ${at}`);
    }
  };

  const target = (): DependencyTarget => {
    skip();
    let raw: string;
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, at + 1);
      if (close < 0) {
        throw new DependencySyntaxError('unmatched quote');
      }
      raw = text.slice(at + 1, close);
      at = close + 1;
      return parseTarget(raw, true);
    }
    const start = at;
    // A comma inside brackets belongs to an index list, not to exit()'s arguments.
    let inBrackets = false;
    while (at < text.length && (inBrackets ? text[at] !== ')' : !TARGET_END.test(text[at]))) {
      inBrackets = text[at] === '[' ? true : text[at] === ']' ? false : inBrackets;
      at++;
    }
    raw = text.slice(start, at);
    if (raw === '') {
      throw new DependencySyntaxError(`expected a job id or name at ${at}`);
    }
    return parseTarget(raw, false);
  };

  const comparison = (): ExitComparison => {
    skip();
    const op = COMPARISONS.find((candidate) => text.startsWith(candidate, at)) ?? '==';
    at += text.startsWith(op, at) ? op.length : 0;
    return op;
  };
  const number = (what: string): number => {
    skip();
    const digits = /^[0-9]+/.exec(text.slice(at));
    if (!digits) {
      throw new DependencySyntaxError(what);
    }
    at += digits[0].length;
    return Number(digits[0]);
  };

  /** numdone(id, op n) and the like; `*` stands for every element, with no operator. */
  const count = (test: CountKind): DependencyExpr => {
    expect('(');
    const about = target();
    expect(',');
    if (take('*')) {
      expect(')');
      return { kind: 'count', test, target: about, op: '==', value: 'all' };
    }
    const op = comparison();
    const value = number(`${test}() needs a number or * after the comma`);
    expect(')');
    return { kind: 'count', test, target: about, op, value };
  };

  const condition = (): DependencyExpr => {
    skip();
    const word = /^[a-z_]+(?=\s*\()/.exec(text.slice(at));
    if (!word) {
      return { kind: 'condition', test: 'done', target: target() };
    }
    if (Object.hasOwn(COUNTED_STATES, word[0])) {
      at += word[0].length;
      return count(word[0] as CountKind);
    }
    if (!TESTS.has(word[0])) {
      throw new DependencySyntaxError(`unknown condition '${word[0]}'`);
    }
    at += word[0].length;
    expect('(');
    const test = word[0] as DependencyKind;
    const about = target();
    let exitCode: { op: ExitComparison; value: number } | undefined;
    if (take(',')) {
      if (test !== 'exit') {
        throw new DependencySyntaxError(`${test}() takes one job`);
      }
      const op = comparison();
      exitCode = { op, value: number('exit() needs an exit code after the comma') };
    }
    expect(')');
    return exitCode
      ? { kind: 'condition', test, target: about, exitCode }
      : { kind: 'condition', test, target: about };
  };

  const unary = (): DependencyExpr => {
    if (take('!')) {
      return { kind: 'not', operand: unary() };
    }
    if (take('(')) {
      const inner = or();
      expect(')');
      return inner;
    }
    return condition();
  };
  const and = (): DependencyExpr => {
    let left = unary();
    while (take('&&')) {
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): DependencyExpr => {
    let left = and();
    while (take('||')) {
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (text.trim() === '') {
    throw new DependencySyntaxError('empty dependency');
  }
  const expr = or();
  skip();
  if (at !== text.length) {
    throw new DependencySyntaxError(`unexpected '${text.slice(at)}'`);
  }
  return expr;
}

const ID_TARGET = /^([0-9]+)(?:\[([0-9,:-]+)\])?$/;
const NAME_TARGET = /^([^[\]]+)(?:\[([0-9,:-]+)\])?$/;

/** A quoted target is always a name, so names that start with a digit can be written. */
function parseTarget(raw: string, quoted: boolean): DependencyTarget {
  const byId = quoted ? null : ID_TARGET.exec(raw);
  const match = byId ?? NAME_TARGET.exec(raw);
  if (!match) {
    throw new DependencySyntaxError(`bad job id or name '${raw}'`);
  }
  const indexes = match[2] === undefined ? null : parseIndexes(match[2]);
  return byId
    ? { text: raw, id: Number(match[1]), name: null, indexes }
    : { text: raw, id: null, name: match[1], indexes };
}

function parseIndexes(list: string): number[] {
  const indexes: number[] = [];
  for (const part of list.split(',')) {
    const range = /^([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?$/.exec(part);
    if (!range) {
      throw new DependencySyntaxError(`bad index list '${list}'`);
    }
    const start = Number(range[1]);
    const end = range[2] === undefined ? start : Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (start < 1 || end < start || step < 1 || (end - start) / step > 100_000) {
      throw new DependencySyntaxError(`bad index list '${list}'`);
    }
    for (let index = start; index <= end; index += step) {
      indexes.push(index);
    }
  }
  return indexes;
}

/** Every target of an expression, in writing order. */
export function dependencyTargets(expr: DependencyExpr): DependencyTarget[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...dependencyTargets(expr.left), ...dependencyTargets(expr.right)];
    case 'not':
      return dependencyTargets(expr.operand);
    case 'condition':
    case 'count':
      return [expr.target];
  }
}

/** What a condition needs of a job it is about. */
export interface DependedJob {
  state: 'PEND' | 'PSUSP' | 'RUN' | 'SSUSP' | 'USUSP' | 'DONE' | 'EXIT';
  exitCode?: number;
}

/**
 * A condition's value now, and whether it can still change: a finished job's `done` is settled
 * for good, so `done()` of a job that exited can never be true.
 */
export interface DependencyValue {
  value: boolean;
  final: boolean;
}

/**
 * Evaluates the expression; `resolve` gives the jobs a target stands for (every one must meet
 * the condition, as in LSF). A target that matches no job is false for good.
 */
export function evaluateDependency(
  expr: DependencyExpr,
  resolve: (target: DependencyTarget) => readonly DependedJob[],
): DependencyValue {
  switch (expr.kind) {
    case 'not': {
      const inner = evaluateDependency(expr.operand, resolve);
      return { value: !inner.value, final: inner.final };
    }
    case 'and':
    case 'or': {
      const left = evaluateDependency(expr.left, resolve);
      const right = evaluateDependency(expr.right, resolve);
      const decisive = expr.kind === 'or';
      const value = decisive ? left.value || right.value : left.value && right.value;
      // One settled operand with the deciding value settles the whole.
      const settled = [left, right].some((side) => side.final && side.value === decisive);
      return { value, final: settled || (left.final && right.final) };
    }
    case 'condition': {
      const jobs = resolve(expr.target);
      if (jobs.length === 0) {
        return { value: false, final: true };
      }
      const values = jobs.map((job) => conditionValue(expr, job));
      return {
        value: values.every((entry) => entry.value),
        final: values.some((entry) => entry.final && !entry.value) || values.every((e) => e.final),
      };
    }
    case 'count':
      return countValue(expr, resolve(expr.target));
  }
}

/** A count is settled once every element counted has finished (brequeue aside). */
function countValue(
  expr: Extract<DependencyExpr, { kind: 'count' }>,
  jobs: readonly DependedJob[],
): DependencyValue {
  if (jobs.length === 0) {
    return { value: false, final: true };
  }
  const states: readonly string[] = COUNTED_STATES[expr.test];
  const counted = jobs.filter((job) => states.includes(job.state)).length;
  const wanted = expr.value === 'all' ? jobs.length : expr.value;
  const finished = jobs.every((job) => job.state === 'DONE' || job.state === 'EXIT');
  return { value: compare(counted, expr.op, wanted), final: finished };
}

function conditionValue(
  expr: Extract<DependencyExpr, { kind: 'condition' }>,
  job: DependedJob,
): DependencyValue {
  const finished = job.state === 'DONE' || job.state === 'EXIT';
  switch (expr.test) {
    case 'done':
      return { value: job.state === 'DONE', final: finished };
    case 'ended':
      return { value: finished, final: finished };
    case 'started':
      return { value: !['PEND', 'PSUSP'].includes(job.state), final: finished };
    case 'exit': {
      const value =
        job.state === 'EXIT' &&
        (!expr.exitCode || compareExit(job.exitCode, expr.exitCode.op, expr.exitCode.value));
      return { value, final: finished };
    }
  }
}

function compareExit(code: number | undefined, op: ExitComparison, value: number): boolean {
  return code !== undefined && compare(code, op, value);
}

function compare(code: number, op: ExitComparison, value: number): boolean {
  switch (op) {
    case '==':
      return code === value;
    case '!=':
      return code !== value;
    case '>':
      return code > value;
    case '>=':
      return code >= value;
    case '<':
      return code < value;
    case '<=':
      return code <= value;
  }
}
