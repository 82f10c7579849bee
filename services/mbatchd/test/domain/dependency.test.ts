import {
  DependedJob,
  DependencySyntaxError,
  DependencyTarget,
  dependencyTargets,
  evaluateDependency,
  parseDependency,
} from '../../src/domain/dependency';

function evaluate(text: string, jobs: Record<string, DependedJob | DependedJob[]>) {
  return evaluateDependency(parseDependency(text), (target: DependencyTarget) => {
    const found = jobs[target.text];
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  });
}

const PEND: DependedJob = { state: 'PEND' };
const RUN: DependedJob = { state: 'RUN' };
const DONE: DependedJob = { state: 'DONE', exitCode: 0 };
const EXIT3: DependedJob = { state: 'EXIT', exitCode: 3 };

describe('parseDependency', () => {
  it('reads conditions on ids, names, quoted names and array elements', () => {
    const expr = parseDependency(
      'done(12) && exit(prep, >2) || !ended("7up") && started(sim[1-3,5]) || 44[2]',
    );
    expect(dependencyTargets(expr)).toEqual([
      { text: '12', id: 12, name: null, indexes: null },
      { text: 'prep', id: null, name: 'prep', indexes: null },
      { text: '7up', id: null, name: '7up', indexes: null },
      { text: 'sim[1-3,5]', id: null, name: 'sim', indexes: [1, 2, 3, 5] },
      { text: '44[2]', id: 44, name: null, indexes: [2] },
    ]);
  });

  it('binds && tighter than ||, and parentheses and ! as written', () => {
    expect(parseDependency('a || b && c')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseDependency('(a || b) && c')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    expect(parseDependency('!(a)')).toMatchObject({ kind: 'not' });
  });

  it('takes an exit-code test with or without an operator', () => {
    expect(parseDependency('exit(5, 3)')).toMatchObject({ exitCode: { op: '==', value: 3 } });
    expect(parseDependency('exit(5,!=0)')).toMatchObject({ exitCode: { op: '!=', value: 0 } });
  });

  it("reads LSF's counts of array elements, with an operator and a number or *", () => {
    expect(parseDependency('numdone(12, >= 2)')).toEqual({
      kind: 'count',
      test: 'numdone',
      target: { text: '12', id: 12, name: null, indexes: null },
      op: '>=',
      value: 2,
    });
    expect(parseDependency('numended(sim, *)')).toMatchObject({ op: '==', value: 'all' });
    expect(parseDependency('numrun(12,3) && done(4)')).toMatchObject({
      kind: 'and',
      left: { kind: 'count', test: 'numrun', op: '==', value: 3 },
    });
  });

  it.each([
    '',
    'numdone(12)',
    'numdone(12, )',
    'numdone(12, >)',
    'numdone(12, * )x',
    'constructor(12)',
    'done(',
    'done()',
    'done(12',
    'finished(12)',
    'done(12, 3)',
    'exit(12, >)',
    'done(12) &&',
    '&& done(12)',
    'done(12) done(13)',
    '(done(12)',
    'done(12[0])',
    'done(12[3-1])',
    'done("unclosed)',
  ])('refuses %j', (text) => {
    expect(() => parseDependency(text)).toThrow(DependencySyntaxError);
  });
});

describe('evaluateDependency', () => {
  it('waits for done() and settles false when the job exits', () => {
    expect(evaluate('done(1)', { '1': RUN })).toEqual({ value: false, final: false });
    expect(evaluate('done(1)', { '1': DONE })).toEqual({ value: true, final: true });
    expect(evaluate('1', { '1': EXIT3 })).toEqual({ value: false, final: true });
  });

  it('compares exit codes and tells ended() and started() apart', () => {
    expect(evaluate('exit(1)', { '1': EXIT3 }).value).toBe(true);
    expect(evaluate('exit(1, >2)', { '1': EXIT3 }).value).toBe(true);
    expect(evaluate('exit(1, 4)', { '1': EXIT3 })).toEqual({ value: false, final: true });
    expect(evaluate('ended(1)', { '1': EXIT3 }).value).toBe(true);
    expect(evaluate('started(1)', { '1': RUN })).toEqual({ value: true, final: false });
    expect(evaluate('started(1)', { '1': PEND }).value).toBe(false);
  });

  it("counts an array's elements by state, settled once every element has ended", () => {
    const elements = [DONE, DONE, RUN, { state: 'PSUSP' } as DependedJob];
    expect(evaluate('numdone(7, >= 2)', { '7': elements })).toEqual({ value: true, final: false });
    expect(evaluate('numdone(7, *)', { '7': elements }).value).toBe(false);
    expect(evaluate('numrun(7, 1)', { '7': elements }).value).toBe(true);
    expect(evaluate('numstart(7, == 1)', { '7': elements }).value).toBe(true);
    expect(evaluate('numhold(7, 1)', { '7': elements }).value).toBe(true);
    expect(evaluate('numpend(7, > 0)', { '7': elements }).value).toBe(false);
    const ended = [DONE, EXIT3];
    expect(evaluate('numended(7, *)', { '7': ended })).toEqual({ value: true, final: true });
    expect(evaluate('numdone(7, *)', { '7': ended })).toEqual({ value: false, final: true });
    expect(evaluate('numexit(7, <= 1)', { '7': ended }).value).toBe(true);
    expect(evaluate('numdone(8, *)', {})).toEqual({ value: false, final: true });
  });

  it('needs every job a name stands for', () => {
    expect(evaluate('done(prep)', { prep: [DONE, RUN] }).value).toBe(false);
    expect(evaluate('done(prep)', { prep: [DONE, DONE] }).value).toBe(true);
    expect(evaluate('done(prep)', { prep: [DONE, EXIT3] }).final).toBe(true);
  });

  it('combines with && || ! and knows when the whole can never be true', () => {
    expect(evaluate('done(1) || done(2)', { '1': EXIT3, '2': RUN })).toEqual({
      value: false,
      final: false,
    });
    expect(evaluate('done(1) || done(2)', { '1': EXIT3, '2': DONE }).value).toBe(true);
    expect(evaluate('done(1) && done(2)', { '1': EXIT3, '2': RUN })).toEqual({
      value: false,
      final: true,
    });
    expect(evaluate('!done(1)', { '1': RUN })).toEqual({ value: true, final: false });
    expect(evaluate('done(9)', {})).toEqual({ value: false, final: true });
  });
});
