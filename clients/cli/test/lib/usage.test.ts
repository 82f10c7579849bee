import { Args, Flags } from '@oclif/core';
import { usageText } from '../../src/lib/usage';

describe('usageText', () => {
  it('lists -h, -V, each option as LSF users type it and the arguments', () => {
    const text = usageText('bjobs', {
      flags: {
        all: Flags.boolean({ char: 'a' }),
        noheader: Flags.boolean({}),
        jobName: Flags.string({ char: 'J' }),
        cwd: Flags.string({}),
        secret: Flags.boolean({ hidden: true }),
      },
      args: { jobIds: Args.string() },
      strict: false,
    });
    expect(text).toBe(
      'Usage: bjobs [-h] [-V] [-a] [-noheader] [-J job_name] [-cwd value] [job_ids ...]\n',
    );
  });

  it("ends bsub's usage with the job's command", () => {
    const text = usageText('bsub', { flags: {}, commandStartsAtFirstWord: true });
    expect(text).toBe('Usage: bsub [-h] [-V] [command [argument ...]]\n');
  });

  it('wraps at 80 columns under the first option', () => {
    const flags = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`option${i}`, Flags.boolean({})]),
    );
    const lines = usageText('bhist', { flags }).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(lines[1].startsWith(' '.repeat('Usage: bhist '.length) + '[')).toBe(true);
  });
});
