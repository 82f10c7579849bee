import {
  BsubScriptError,
  parseBsubDirectives,
  scriptCommand,
  scriptHasCommand,
  scriptJob,
  scriptOfCommand,
} from '../../src/lib/bsub-script';

describe('parseBsubDirectives', () => {
  it('reads every option LavaLite takes', () => {
    const script = [
      '#BSUB -q short',
      '#BSUB -J prep',
      '#BSUB -oo out.%J',
      '#BSUB -e err.%J',
      '#BSUB -i input.dat',
      '#BSUB -H',
      '#BSUB -n 4',
      '#BSUB -m "node03 node04"',
      '#BSUB -cwd /scratch/run',
      '#BSUB -P physics',
      './prep.sh',
    ].join('\n');
    expect(parseBsubDirectives(script)).toEqual({
      queue: 'short',
      jobName: 'prep',
      output: { path: 'out.%J', overwrite: true },
      error: { path: 'err.%J', overwrite: false },
      inputFile: 'input.dat',
      hold: true,
      slots: '4',
      hosts: 'node03 node04',
      cwd: '/scratch/run',
      project: 'physics',
    });
  });

  it('takes several options on one line and blanks around # and BSUB', () => {
    expect(parseBsubDirectives('  #  BSUB\t-q short -o out -eo err')).toEqual({
      queue: 'short',
      output: { path: 'out', overwrite: false },
      error: { path: 'err', overwrite: true },
    });
  });

  it('honours directives anywhere in the script, the later one winning', () => {
    const script = '#BSUB -q short\necho start\n#BSUB -q long\necho end\n';
    expect(parseBsubDirectives(script)).toEqual({ queue: 'long' });
  });

  it('groups quoted words with either quote and removes the quotes', () => {
    expect(parseBsubDirectives(`#BSUB -J "my job" -P 'a "b" c'`)).toEqual({
      jobName: 'my job',
      project: 'a "b" c',
    });
    expect(parseBsubDirectives('#BSUB -J pre"fix suf"fix')).toEqual({ jobName: 'prefix suffix' });
  });

  it('ends a directive at a word that starts with #', () => {
    expect(parseBsubDirectives('#BSUB -q short # -J ignored')).toEqual({ queue: 'short' });
    expect(parseBsubDirectives('#BSUB -J "#1" #comment')).toEqual({ jobName: '#1' });
  });

  it('continues a directive that ends with a backslash on the next line', () => {
    expect(parseBsubDirectives('#BSUB -q short \\\n   -J joined\necho hi')).toEqual({
      queue: 'short',
      jobName: 'joined',
    });
  });

  it('splits a value glued to its option letter but keeps -oo, -eo and -cwd whole', () => {
    expect(parseBsubDirectives('#BSUB -qshort -n2 -oout.txt -cwd /tmp')).toEqual({
      queue: 'short',
      slots: '2',
      output: { path: 'out.txt', overwrite: false },
      cwd: '/tmp',
    });
  });

  it('ignores lines that are not directives', () => {
    const script = [
      '#!/bin/bash',
      '# BSUB is mentioned here',
      '#BSUB',
      '#BSUB q short',
      '#BSUBX -q short',
      'echo "#BSUB -q short"',
      '## comment',
    ].join('\n');
    expect(parseBsubDirectives(script)).toEqual({});
  });

  it('accepts CRLF line ends', () => {
    expect(parseBsubDirectives('#BSUB -q short\r\necho hi\r\n')).toEqual({ queue: 'short' });
  });

  it('refuses an option LavaLite does not take, naming the line', () => {
    const script = '#!/bin/sh\n#BSUB -q short\n#BSUB -Q "1 2"\n';
    expect(() => parseBsubDirectives(script)).toThrow(BsubScriptError);
    expect(() => parseBsubDirectives(script)).toThrow(
      '#BSUB line 3: Illegal option <-Q>. Job not submitted.',
    );
  });

  it('reads the scheduling options, adding every -R to the ones before', () => {
    const script = [
      '#BSUB -R "select[mem>100]" -R span[hosts=1]',
      '#BSUB -R "order[-mem]"',
      '#BSUB -M 2G -W 1:30 -x',
      "#BSUB -w 'done(12) && exit(13, >2)'",
      '#BSUB -b 18:00 -t 2027:01:02:03:04',
      '#BSUB -J "sweep[1-100:2]%5"',
      '#BSUB -E "test -d /scratch" -Ep "rm -r /scratch/x"',
    ].join('\n');
    expect(parseBsubDirectives(script)).toEqual({
      preExecCommand: 'test -d /scratch',
      postExecCommand: 'rm -r /scratch/x',
      resReqs: ['select[mem>100]', 'span[hosts=1]', 'order[-mem]'],
      memLimit: '2G',
      runLimit: '1:30',
      exclusive: true,
      dependency: 'done(12) && exit(13, >2)',
      beginTime: '18:00',
      termTime: '2027:01:02:03:04',
      jobName: 'sweep[1-100:2]%5',
    });
  });

  it('refuses an option without its value', () => {
    expect(() => parseBsubDirectives('#BSUB -q')).toThrow(
      '#BSUB line 1: Option <-q> needs a value. Job not submitted.',
    );
  });

  it('refuses an unmatched quote', () => {
    expect(() => parseBsubDirectives('#BSUB -J "open')).toThrow(
      '#BSUB line 1: Unmatched quote. Job not submitted.',
    );
  });

  it('refuses a word that belongs to no option', () => {
    expect(() => parseBsubDirectives('echo\n#BSUB -J my job')).toThrow(
      '#BSUB line 2: Unexpected word <job>. Job not submitted.',
    );
  });

  it('exits 255 on a bad directive', () => {
    expect(() => parseBsubDirectives('#BSUB -Y')).toThrow(
      expect.objectContaining({ exitCode: 255, line: 1, problem: 'Illegal option <-Y>' }),
    );
  });
});

describe('scriptHasCommand', () => {
  it('is false for blank lines, comments and directives only', () => {
    expect(scriptHasCommand('')).toBe(false);
    expect(scriptHasCommand('\n  \n#!/bin/sh\n#BSUB -q short\n# note\n')).toBe(false);
  });

  it('is true as soon as one line is something else', () => {
    expect(scriptHasCommand('#BSUB -q short\n  sleep 10\n')).toBe(true);
  });
});

describe('scriptCommand', () => {
  it('runs a script without #! as /bin/sh input, as it is', () => {
    expect(scriptCommand('#BSUB -q short\nsleep 10')).toBe('#BSUB -q short\nsleep 10');
  });

  it('hands a #! script to its interpreter as a here-document on descriptor 3', () => {
    expect(scriptCommand('#!/usr/bin/env python3\nprint(1)')).toBe(
      "/usr/bin/env python3 /dev/fd/3 3<<'_USER_SCRIPT_'\n" +
        '#!/usr/bin/env python3\nprint(1)\n_USER_SCRIPT_',
    );
  });

  it('picks a delimiter that no line of the script equals', () => {
    const script = '#!/bin/bash\necho _USER_SCRIPT_\n_USER_SCRIPT_\n_USER_SCRIPT__';
    expect(scriptCommand(script)).toBe(
      `/bin/bash /dev/fd/3 3<<'_USER_SCRIPT___'\n${script}\n_USER_SCRIPT___`,
    );
  });

  it('treats a bare #! as no interpreter', () => {
    expect(scriptCommand('#!\necho hi')).toBe('#!\necho hi');
  });
});

describe('scriptOfCommand', () => {
  it('gives back the script a here-document command runs, whatever its delimiter', () => {
    for (const script of [
      '#!/bin/bash\n#BSUB -J x\necho hi',
      '#!/bin/bash\necho _USER_SCRIPT_\n_USER_SCRIPT_\n_USER_SCRIPT__',
      '#!/usr/bin/env python3\nprint(1)\n',
    ]) {
      expect(scriptOfCommand(scriptCommand(script))).toBe(script);
    }
  });

  it('leaves any other command as it is', () => {
    expect(scriptOfCommand('sleep 10')).toBe('sleep 10');
    expect(scriptOfCommand("cat /dev/fd/3 3<<'EOF'\nx\nEOF")).toBe(
      "cat /dev/fd/3 3<<'EOF'\nx\nEOF",
    );
  });
});

describe('scriptJob', () => {
  it('names the job after the script on one line, without its surrounding blank lines', () => {
    const job = scriptJob({ text: '\n#BSUB -q short\nsleep 10\n\n', fromFile: false }, {});
    expect(job).toEqual({
      command: '#BSUB -q short\nsleep 10',
      jobName: '#BSUB -q short;sleep 10',
      options: { queue: 'short' },
    });
  });

  it('lets command-line options win over directives, option by option', () => {
    const text = '#BSUB -q short -J fromscript -o script.out\necho hi\n';
    const job = scriptJob({ text, fromFile: true }, { queue: 'long', output: undefined });
    expect(job.options).toEqual({
      queue: 'long',
      jobName: 'fromscript',
      output: { path: 'script.out', overwrite: false },
    });
    expect(job.jobName).toBe('fromscript');
  });

  it('refuses a script with nothing to run, in the words for a pipe or a file', () => {
    expect(() => scriptJob({ text: '', fromFile: false }, {})).toThrow(
      'No command is specified. Job not submitted.',
    );
    expect(() => scriptJob({ text: '#BSUB -q short\n', fromFile: true }, {})).toThrow(
      'No command is specified in the script file. Job not submitted.',
    );
  });
});
