import { FlagShape, IllegalOptionError, normaliseLsfArgv } from '../../src/lib/lsf-argv';

const FLAGS: Record<string, FlagShape> = {
  noheader: { type: 'boolean' },
  cwd: { type: 'option' },
  all: { char: 'a', type: 'boolean' },
  wide: { char: 'w', type: 'boolean' },
  long: { char: 'l', type: 'boolean' },
  jobName: { char: 'J', type: 'option' },
  queue: { char: 'q', type: 'option' },
};

describe('normaliseLsfArgv', () => {
  it('turns a single-dash long boolean such as -noheader into --noheader', () => {
    expect(normaliseLsfArgv(['-noheader'], FLAGS)).toEqual(['--noheader']);
  });

  it('turns a single-dash long option such as -cwd into --cwd and keeps its value', () => {
    expect(normaliseLsfArgv(['-cwd', '/tmp', '-noheader'], FLAGS)).toEqual([
      '--cwd',
      '/tmp',
      '--noheader',
    ]);
  });

  it('keeps a value that starts with a dash for a long option', () => {
    expect(normaliseLsfArgv(['-cwd', '-odd-dir'], FLAGS)).toEqual(['--cwd', '-odd-dir']);
  });

  it('splits bundled short booleans such as -aw into -a -w', () => {
    expect(normaliseLsfArgv(['-aw'], FLAGS)).toEqual(['-a', '-w']);
  });

  it('splits a boolean bundled with an option such as -aJ name into -a -J name', () => {
    expect(normaliseLsfArgv(['-aJ', 'name'], FLAGS)).toEqual(['-a', '-J', 'name']);
  });

  it('separates an option value glued to its letter such as -Jname into -J name', () => {
    expect(normaliseLsfArgv(['-Jname'], FLAGS)).toEqual(['-J', 'name']);
  });

  it('takes the rest of a bundle after an option letter as its value', () => {
    expect(normaliseLsfArgv(['-awJmyjob', 'x'], FLAGS)).toEqual(['-a', '-w', '-J', 'myjob', 'x']);
  });

  it("refuses LSF's long options the command lacks rather than read them as bundles", () => {
    const withOutput = { ...FLAGS, output: { char: 'o', type: 'option' as const } };

    expect(() => normaliseLsfArgv(['-outdir', '/tmp', 'true'], withOutput)).toThrow(
      new IllegalOptionError('outdir'),
    );
    expect(() => normaliseLsfArgv(['-sum'], FLAGS)).toThrow('illegal option -- sum');
    // A long option the command has is taken, and an ordinary bundle is still split.
    expect(normaliseLsfArgv(['-noheader', '-oout'], withOutput)).toEqual([
      '--noheader',
      '-o',
      'out',
    ]);
  });

  it('passes single short flags and words through unchanged', () => {
    expect(normaliseLsfArgv(['-l', 'node01', '-q', 'short'], FLAGS)).toEqual([
      '-l',
      'node01',
      '-q',
      'short',
    ]);
  });

  it('passes double-dash options through unchanged', () => {
    expect(normaliseLsfArgv(['--noheader', '--cwd', '/tmp'], FLAGS)).toEqual([
      '--noheader',
      '--cwd',
      '/tmp',
    ]);
  });

  it('starts the job command at the first word with commandStartsAtFirstWord', () => {
    expect(
      normaliseLsfArgv(['-q', 'short', 'sleep', '-l', '10'], FLAGS, {
        commandStartsAtFirstWord: true,
      }),
    ).toEqual(['-q', 'short', '--', 'sleep', '-l', '10']);
  });

  it('does not treat an option value as the start of the job command', () => {
    expect(
      normaliseLsfArgv(['-cwd', '/tmp', '-Jjob', 'hostname', '-noheader'], FLAGS, {
        commandStartsAtFirstWord: true,
      }),
    ).toEqual(['--cwd', '/tmp', '-J', 'job', '--', 'hostname', '-noheader']);
  });

  it('leaves words after the first one alone without commandStartsAtFirstWord', () => {
    expect(normaliseLsfArgv(['node01', '-noheader'], FLAGS)).toEqual(['node01', '--noheader']);
  });

  it('passes everything after -- through untouched', () => {
    expect(normaliseLsfArgv(['-a', '--', '-noheader', '-aw'], FLAGS)).toEqual([
      '-a',
      '--',
      '-noheader',
      '-aw',
    ]);
    expect(
      normaliseLsfArgv(['--', 'sleep', '-Jx'], FLAGS, { commandStartsAtFirstWord: true }),
    ).toEqual(['--', 'sleep', '-Jx']);
  });

  it('leaves an unknown letter as it is', () => {
    expect(normaliseLsfArgv(['-x'], FLAGS)).toEqual(['-x']);
    expect(normaliseLsfArgv(['-xyz'], FLAGS)).toEqual(['-xyz']);
  });

  it('splits known letters off before an unknown one and keeps the rest together', () => {
    expect(normaliseLsfArgv(['-axw'], FLAGS)).toEqual(['-a', '-xw']);
  });

  it('keeps a lone dash as a word', () => {
    expect(normaliseLsfArgv(['-'], FLAGS)).toEqual(['-']);
  });

  it('passes an option letter at the end of the arguments without a value', () => {
    expect(normaliseLsfArgv(['-J'], FLAGS)).toEqual(['-J']);
    expect(normaliseLsfArgv(['-cwd'], FLAGS)).toEqual(['--cwd']);
  });

  it('does not change its input array', () => {
    const argv = ['-aJ', 'name', 'sleep'];
    normaliseLsfArgv(argv, FLAGS, { commandStartsAtFirstWord: true });
    expect(argv).toEqual(['-aJ', 'name', 'sleep']);
  });
});
