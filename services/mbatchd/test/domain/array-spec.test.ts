import { parseArraySpec } from '../../src/domain/array-spec';

describe('parseArraySpec', () => {
  it('is null for a plain job name', () => {
    expect(parseArraySpec('prep', 1000)).toBeNull();
  });

  it('reads ranges, steps, lists and the running limit', () => {
    expect(parseArraySpec('sim[1-10:3,20,4]%2', 1000)).toEqual({
      name: 'sim',
      elements: [
        { index: 1, step: 3, end: 10 },
        { index: 4, step: 3, end: 10 },
        { index: 7, step: 3, end: 10 },
        { index: 10, step: 3, end: 10 },
        { index: 20, step: 1, end: 20 },
      ],
      runningLimit: 2,
    });
    expect(parseArraySpec('a[5]', 1000)).toEqual({
      name: 'a',
      elements: [{ index: 5, step: 1, end: 5 }],
      runningLimit: 0,
    });
  });

  it('gives each element the step and end of the range that holds it', () => {
    const spec = parseArraySpec('a[1-9:4,6-8]', 1000);
    expect(spec).toMatchObject({
      elements: [
        { index: 1, step: 4, end: 9 },
        { index: 5, step: 4, end: 9 },
        { index: 6, step: 1, end: 8 },
        { index: 7, step: 1, end: 8 },
        { index: 8, step: 1, end: 8 },
        { index: 9, step: 4, end: 9 },
      ],
    });
  });

  it('takes 1,000 elements, the default MAX_JOB_ARRAY_SIZE', () => {
    const spec = parseArraySpec('big[1-1000]', 1000);
    expect(spec).toMatchObject({ name: 'big' });
    expect((spec as { elements: unknown[] }).elements).toHaveLength(1000);
  });

  it.each(['x[]', 'x[0-3]', 'x[5-2]', 'x[1-4:0]', 'x[a]', 'x[1-3', 'x[1]%0', 'x[1]%a', 'x[1]y'])(
    'refuses %j as an index error',
    (name) => {
      expect(parseArraySpec(name, 1000)).toBe('BAD_IDX');
    },
  );

  it('refuses an index past MAX_JOB_ARRAY_SIZE as too large', () => {
    expect(parseArraySpec('x[1-1001]', 1000)).toBe('BIG_IDX');
    expect(parseArraySpec('x[1-20]', 10)).toBe('BIG_IDX');
  });
});
