import { parseMemLimit, parseRunLimit, parseTimeSpec } from '../../src/lib/bsub-times';

describe('parseRunLimit', () => {
  it('reads minutes and hours:minutes as seconds', () => {
    expect(parseRunLimit('10')).toBe(600);
    expect(parseRunLimit('1:30')).toBe(5400);
    expect(parseRunLimit('2:00/hostA')).toBe(7200);
  });

  it.each(['', '0', 'ten', '1:60', '1:2:3', '-5'])('refuses %j with Bad argument', (text) => {
    expect(() => parseRunLimit(text)).toThrow(`${text}: Bad argument. Job not submitted.`);
  });
});

describe('parseMemLimit', () => {
  it('takes a bare number in LSF_UNIT_FOR_LIMITS units, KB when unset', () => {
    expect(parseMemLimit('100', undefined)).toBe(100);
    expect(parseMemLimit('100', 'MB')).toBe(102400);
    expect(parseMemLimit('2', 'GB')).toBe(2 * 1024 * 1024);
  });

  it('takes a unit of its own over the configured one', () => {
    expect(parseMemLimit('2G', 'MB')).toBe(2 * 1024 * 1024);
    expect(parseMemLimit('512KB', 'MB')).toBe(512);
    expect(parseMemLimit('1.5M', undefined)).toBe(1536);
  });

  it.each(['', '0', 'lots', '10Q', '-1'])('refuses %j with Bad argument', (text) => {
    expect(() => parseMemLimit(text, 'MB')).toThrow(`${text}: Bad argument. Job not submitted.`);
  });
});

describe('parseTimeSpec', () => {
  const now = new Date(2026, 2, 4, 12, 0);

  it('takes hh:mm today when still ahead, else tomorrow', () => {
    expect(parseTimeSpec('18:30', now)).toBe(new Date(2026, 2, 4, 18, 30).getTime());
    expect(parseTimeSpec('08:00', now)).toBe(new Date(2026, 2, 5, 8, 0).getTime());
  });

  it('takes the day, month and year when given', () => {
    expect(parseTimeSpec('10:09:15', now)).toBe(new Date(2026, 2, 10, 9, 15).getTime());
    expect(parseTimeSpec('3:1:08:00', now)).toBe(new Date(2027, 2, 1, 8, 0).getTime());
    expect(parseTimeSpec('2027:01:02:03:04', now)).toBe(new Date(2027, 0, 2, 3, 4).getTime());
  });

  it.each(['18', '25:00', '12:61', 'a:b', '1:2:3:4:5:6', '31:02:12:00'])(
    'refuses %j with Bad time specification',
    (text) => {
      expect(() => parseTimeSpec(text, now)).toThrow(
        `${text}: Bad time specification. Job not submitted.`,
      );
    },
  );
});
