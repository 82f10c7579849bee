import { nameMatches } from '../../src/domain/job-table';

describe('nameMatches (-J)', () => {
  it('matches a name exactly, or the elements of an array by its name', () => {
    expect(nameMatches('prep', 'prep')).toBe(true);
    expect(nameMatches('prep2', 'prep')).toBe(false);
    expect(nameMatches('sim[3]', 'sim')).toBe(true);
  });

  it('takes * anywhere: as a suffix, a prefix, on both sides, in the middle', () => {
    const name = 'Snakemake_rule_a:x=1___(0b7e-11ef)';
    expect(nameMatches(name, 'Snakemake*')).toBe(true);
    expect(nameMatches(name, '*(0b7e-11ef)')).toBe(true);
    expect(nameMatches(name, '*0b7e*')).toBe(true);
    expect(nameMatches(name, 'Snake*rule*11ef)')).toBe(true);
    expect(nameMatches(name, '*ffff*')).toBe(false);
    expect(nameMatches('ab', 'ab*b')).toBe(false);
    expect(nameMatches('abab', 'ab*ab')).toBe(true);
  });
});
