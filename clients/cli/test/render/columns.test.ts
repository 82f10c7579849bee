import { formatMegabytes, left, leftNoCut, right, rightNoCut } from '../../src/render/columns';

describe('left', () => {
  it('pads a short text on the right to the width', () => {
    expect(left('ok', 6)).toBe('ok    ');
  });

  it('cuts a long text to the width, keeping its start', () => {
    expect(left('node-with-long-name', 11)).toBe('node-with-l');
  });

  it('leaves a text of exactly the width unchanged', () => {
    expect(left('abcdef', 6)).toBe('abcdef');
  });
});

describe('right', () => {
  it('pads a short text on the left to the width', () => {
    expect(right('ok', 6)).toBe('    ok');
  });

  it('cuts a long text to the width, keeping its start like %7.7s', () => {
    expect(right('Intel_EM64T', 8)).toBe('Intel_EM');
  });

  it('pads an empty text to blanks', () => {
    expect(right('', 3)).toBe('   ');
  });
});

describe('rightNoCut and leftNoCut', () => {
  it('pad like right and left', () => {
    expect(rightNoCut('4G', 6)).toBe('    4G');
    expect(leftNoCut('4G', 6)).toBe('4G    ');
  });

  it('never cut a long text', () => {
    expect(rightNoCut('unavail', 6)).toBe('unavail');
    expect(leftNoCut('unavail', 6)).toBe('unavail');
  });
});

describe('formatMegabytes', () => {
  it.each([
    [512, '512M'],
    [0, '0M'],
    [1023, '1023M'],
    [1024, '1G'],
    [4096, '4G'],
    [64205, '62.7G'],
    [82944, '81G'],
    [58368, '57G'],
    [200000, '195G'],
    [102400, '100G'],
  ])('prints %d MB as %s', (mb, text) => {
    expect(formatMegabytes(mb)).toBe(text);
  });

  it('rounds fractional megabytes below a gigabyte', () => {
    expect(formatMegabytes(511.6)).toBe('512M');
  });

  it('drops the decimal when it would be zero', () => {
    expect(formatMegabytes(1024 * 3 + 20)).toBe('3G');
  });
});
