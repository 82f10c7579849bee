import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobEnvironment } from '../../src/lib/bsub-request';
import { parseBsubDirectives } from '../../src/lib/bsub-script';
import { scriptFileDirectives } from '../../src/lib/bsub-script-file';

describe('jobEnvironment', () => {
  const current = { PATH: '/bin', HOME: '/home/a', SECRET: 's' };

  it('copies everything by default and with all; ~NAME drops and NAME=value sets', () => {
    expect(jobEnvironment(current, [])).toEqual(current);
    expect(jobEnvironment(current, ['all, ~SECRET', 'X=1'])).toEqual({
      PATH: '/bin',
      HOME: '/home/a',
      X: '1',
    });
  });

  it('copies nothing with none, or only the names listed', () => {
    expect(jobEnvironment(current, ['none', 'KEEP=yes'])).toEqual({ KEEP: 'yes' });
    expect(jobEnvironment(current, ['PATH, X=2'])).toEqual({ PATH: '/bin', X: '2' });
  });
});

describe('#BSUB lines of the options clients send', () => {
  it('adds up -env lines, takes -K, and accepts the options LavaLite does not act on', () => {
    const options = parseBsubDirectives(
      [
        '#BSUB -env none',
        '#BSUB -env "A=1"',
        '#BSUB -K',
        '#BSUB -G grp -u me@x -N -B -nnodes 2 -gpu "num=1/task" -Ep "echo post"',
      ].join('\n'),
    );
    expect(options).toEqual({
      envSpecs: ['none', 'A=1'],
      wait: true,
      postExecCommand: 'echo post',
      acceptedOnly: {
        '-G': 'grp',
        '-u': 'me@x',
        '-N': true,
        '-B': true,
        '-nnodes': '2',
        '-gpu': 'num=1/task',
      },
    });
  });

  it('reads -r as rerunnable and -rn as not, the later line winning', () => {
    expect(parseBsubDirectives('#BSUB -r')).toEqual({ rerunnable: true });
    expect(parseBsubDirectives('#BSUB -r\n#BSUB -rn')).toEqual({ rerunnable: false });
  });
});

describe('scriptFileDirectives', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsub-file-'));

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the #BSUB lines of a script named by a path', () => {
    fs.writeFileSync(path.join(dir, 'job.sh'), '#!/bin/sh\n#BSUB -J named -q short\necho\n');
    expect(scriptFileDirectives('./job.sh', dir)).toEqual({ jobName: 'named', queue: 'short' });
    expect(scriptFileDirectives(path.join(dir, 'job.sh'), '/')).toMatchObject({ jobName: 'named' });
  });

  it('leaves bare names, programs, directories and missing files alone', () => {
    expect(scriptFileDirectives('job.sh', dir)).toEqual({});
    fs.writeFileSync(path.join(dir, 'prog'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]));
    expect(scriptFileDirectives('./prog', dir)).toEqual({});
    expect(scriptFileDirectives(dir, '/')).toEqual({});
    expect(scriptFileDirectives('./missing', dir)).toEqual({});
  });
});
