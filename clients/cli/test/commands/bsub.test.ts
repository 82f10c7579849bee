import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import type { SubmitJobRequest } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import Bsub from '../../src/commands/bsub';
import { runCommand } from './run-command';

const mockRequests: SubmitJobRequest[] = [];

jest.mock('../../src/lib/cluster', () => ({
  readClusterConfig: () => ({ lsfConf: new Map([['LSF_UNIT_FOR_LIMITS', 'MB']]) }),
}));
jest.mock('../../src/lib/mbatchd-client', () => ({
  currentUser: () => ({ name: 'alice', uid: 1000, gid: 100 }),
  connectToMbatchd: async () => ({
    client: {},
    call: async (_method: unknown, request: SubmitJobRequest) => {
      mockRequests.push(request);
      const queue = request.submission?.queue || 'normal';
      return { lsbe: Lsbe.LSBE_NO_ERROR, jobId: 1201, queue, context: '' };
    },
    close: () => undefined,
  }),
}));

let mockScript = { text: '', fromFile: false };
jest.mock('../../src/lib/bsub-stdin', () => ({ readJobScript: async () => mockScript }));

beforeEach(() => {
  mockRequests.length = 0;
});

describe('bsub', () => {
  it('runs the words after the options as the job, options of the job included', async () => {
    const run = await runCommand(Bsub, ['-q', 'short', 'sleep', '-l', '10']);
    expect(run).toEqual({
      stdout: 'Job <1201> is submitted to queue <short>.\n',
      stderr: '',
      exit: 0,
    });
    expect(mockRequests[0].submission).toMatchObject({
      command: 'sleep -l 10',
      jobName: 'sleep -l 10',
      queue: 'short',
    });
  });

  it('sends the scheduling options, -M in LSF_UNIT_FOR_LIMITS units', async () => {
    await runCommand(Bsub, [
      '-R',
      'select[mem>100]',
      '-R',
      'span[hosts=1]',
      '-M',
      '100',
      '-W',
      '1:30',
      '-x',
      '-w',
      'done(12)',
      '-J',
      'sweep[1-10]%2',
      'sleep',
      '1',
    ]);
    expect(mockRequests[0].submission).toMatchObject({
      command: 'sleep 1',
      jobName: 'sweep[1-10]%2',
      resReqs: ['select[mem>100]', 'span[hosts=1]'],
      memLimitKb: 100 * 1024,
      runLimitSec: 5400,
      exclusive: true,
      dependency: 'done(12)',
    });
  });

  it('refuses a bad -W before asking mbatchd', async () => {
    const run = await runCommand(Bsub, ['-W', '1:75', 'sleep', '1']);
    expect(run.stderr).toContain('1:75: Bad argument. Job not submitted.');
    expect(run.exit).toBe(255);
    expect(mockRequests).toHaveLength(0);
  });

  it('reads bundled and single-dash long options before the command', async () => {
    await runCommand(Bsub, ['-Hn', '2', '-oo', 'out.%J', '-cwd', '/tmp', '-Jprep', 'ls', '-l']);
    expect(mockRequests[0]).toMatchObject({
      submission: {
        command: 'ls -l',
        jobName: 'prep',
        hold: true,
        slots: 2,
        outputFile: 'out.%J',
        overwriteOutput: true,
        cwd: '/tmp',
      },
      user: 'alice',
      uid: 1000,
      gid: 100,
    });
  });

  it('keeps repeated words and words that look like options in the job command', async () => {
    await runCommand(Bsub, ['echo', 'a', 'b', 'a', '--', '-q', 'x y']);
    expect(mockRequests[0].submission?.command).toBe("echo a b a -- -q 'x y'");
  });

  it('says "default queue" when -q was not given', async () => {
    const run = await runCommand(Bsub, ['sleep', '600']);
    expect(run.stdout).toBe('Job <1201> is submitted to default queue <normal>.\n');
    expect(mockRequests[0].submission?.cwd).toBe(process.cwd());
  });

  it('refuses a bad -n before asking mbatchd', async () => {
    const run = await runCommand(Bsub, ['-n', 'x', 'sleep', '1']);
    expect(run).toEqual({ stdout: '', stderr: 'x: Bad argument. Job not submitted.\n', exit: 255 });
    expect(mockRequests).toEqual([]);
  });

  it('reads the job from stdin without command words, command-line options winning', async () => {
    mockScript = { text: '#!/bin/bash\n#BSUB -q short -J sim\n./sim.sh\n', fromFile: true };
    const run = await runCommand(Bsub, ['-q', 'long']);
    expect(run.stdout).toBe('Job <1201> is submitted to queue <long>.\n');
    expect(mockRequests[0].submission).toMatchObject({
      command:
        "/bin/bash /dev/fd/3 3<<'_USER_SCRIPT_'\n" +
        '#!/bin/bash\n#BSUB -q short -J sim\n./sim.sh\n_USER_SCRIPT_',
      jobName: 'sim',
      queue: 'long',
    });
  });

  it('refuses empty input', async () => {
    mockScript = { text: '\n', fromFile: false };
    expect(await runCommand(Bsub, [])).toEqual({
      stdout: '',
      stderr: 'No command is specified. Job not submitted.\n',
      exit: 255,
    });
  });
});
