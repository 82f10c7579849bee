import { infoRequest } from '../../src/lib/info-request';
import type { FlagShape } from '../../src/lib/lsf-argv';

const FLAGS: Record<string, FlagShape> = {
  all: { char: 'a', type: 'boolean' },
  jobName: { char: 'J', type: 'option' },
  cwd: { type: 'option' },
};

describe('infoRequest', () => {
  it.each([['-h'], ['-help'], ['--help']])('takes %s for the usage', (option) => {
    expect(infoRequest([option], FLAGS)).toBe('usage');
  });

  it.each([['-V'], ['--version']])('takes %s for the version', (option) => {
    expect(infoRequest([option], FLAGS)).toBe('version');
  });

  it('finds -h after other options', () => {
    expect(infoRequest(['-a', '-J', 'name', '-h'], FLAGS)).toBe('usage');
  });

  it('takes nothing when the command runs', () => {
    expect(infoRequest(['-a', '12'], FLAGS)).toBeUndefined();
  });

  it('leaves an option value that looks like -h to its option', () => {
    expect(infoRequest(['-J', '-h'], FLAGS)).toBeUndefined();
    expect(infoRequest(['-cwd', '-V'], FLAGS)).toBeUndefined();
  });

  it('leaves -h after the first argument word to the command, as lsadmin -h host', () => {
    expect(infoRequest(['showconf', 'lim', '-h', 'lava2'], {})).toBeUndefined();
    expect(infoRequest(['ls', '-h'], FLAGS)).toBeUndefined();
    expect(infoRequest(['--', '-h'], FLAGS)).toBeUndefined();
  });
});
