import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import {
  BsubJob,
  buildSubmitRequest,
  jobCommandLine,
  mergeBsubOptions,
  quoteForShell,
  reportSubmitReply,
  SubmitEnvironment,
} from '../../src/lib/bsub-request';

const ENVIRONMENT: SubmitEnvironment = {
  cwd: '/home/alice/run',
  env: { PATH: '/usr/bin', HOME: '/home/alice', UNSET: undefined },
  umask: 0o022,
  hostName: 'login01',
  user: { name: 'alice', uid: 1000, gid: 100 },
};

function job(overrides: Partial<BsubJob> = {}): BsubJob {
  return { command: 'sleep 10', jobName: 'sleep 10', options: {}, ...overrides };
}

describe('jobCommandLine', () => {
  it('joins plain words with spaces', () => {
    expect(jobCommandLine(['sleep', '-l', '10'])).toBe('sleep -l 10');
  });

  it('keeps the first word as typed, so one word may hold a whole command line', () => {
    expect(jobCommandLine(['sleep 10; echo done'])).toBe('sleep 10; echo done');
    expect(jobCommandLine(['_toil_worker job file:/store --context QkFTRTY0'])).toBe(
      '_toil_worker job file:/store --context QkFTRTY0',
    );
  });

  it('quotes later words that /bin/sh would change', () => {
    expect(jobCommandLine(['grep', 'hello world', 'file.txt'])).toBe("grep 'hello world' file.txt");
    expect(jobCommandLine(['echo', '$HOME', "it's", '', 'a;b'])).toBe(
      `echo '$HOME' 'it'\\''s' '' 'a;b'`,
    );
  });
});

describe('quoteForShell', () => {
  it('leaves words of safe characters alone', () => {
    expect(quoteForShell('out.%J')).toBe('out.%J');
    expect(quoteForShell('--opt=a,b:c/d@e+f')).toBe('--opt=a,b:c/d@e+f');
  });

  it('single-quotes globs, tildes and redirections', () => {
    expect(quoteForShell('*.txt')).toBe("'*.txt'");
    expect(quoteForShell('~/x')).toBe("'~/x'");
    expect(quoteForShell('>out')).toBe("'>out'");
  });
});

describe('mergeBsubOptions', () => {
  it('keeps directive options the command line did not set', () => {
    expect(
      mergeBsubOptions(
        { queue: 'long', jobName: undefined, hold: undefined },
        { queue: 'short', jobName: 'x', hold: true },
      ),
    ).toEqual({ queue: 'long', jobName: 'x', hold: true });
  });
});

describe('buildSubmitRequest', () => {
  it('sends defaults for options not given and the submission surroundings', () => {
    expect(buildSubmitRequest(job(), ENVIRONMENT)).toEqual({
      submission: {
        command: 'sleep 10',
        jobName: 'sleep 10',
        defaultJobName: true,
        queue: '',
        outputFile: '',
        overwriteOutput: false,
        errorFile: '',
        overwriteError: false,
        inputFile: '',
        hold: false,
        slots: 0,
        maxSlots: 0,
        hosts: [],
        project: '',
        cwd: '/home/alice/run',
        env: { PATH: '/usr/bin', HOME: '/home/alice' },
        umask: 0o022,
        fromHost: 'login01',
        resReqs: [],
        memLimitKb: 0,
        runLimitSec: 0,
        exclusive: false,
        dependency: '',
        preExecCommand: '',
        postExecCommand: '',
        beginTimeMs: 0,
        termTimeMs: 0,
      },
      user: 'alice',
      uid: 1000,
      gid: 100,
    });
  });

  it('sends every option given', () => {
    const options = {
      queue: 'short',
      jobName: 'prep',
      output: { path: 'out.%J', overwrite: true },
      error: { path: 'err.%J', overwrite: false },
      inputFile: 'in.dat',
      hold: true,
      slots: '4',
      hosts: ' node03  node04 ',
      cwd: '../other',
      project: 'physics',
      preExecCommand: 'test -d /scratch',
    };
    expect(buildSubmitRequest(job({ jobName: 'prep', options }), ENVIRONMENT).submission).toEqual(
      expect.objectContaining({
        jobName: 'prep',
        queue: 'short',
        outputFile: 'out.%J',
        overwriteOutput: true,
        errorFile: 'err.%J',
        overwriteError: false,
        inputFile: 'in.dat',
        hold: true,
        slots: 4,
        hosts: ['node03', 'node04'],
        project: 'physics',
        cwd: '/home/alice/other',
        preExecCommand: 'test -d /scratch',
      }),
    );
  });

  it('takes LSB_DEFAULTQUEUE and LSB_DEFAULTPROJECT from the environment unless -q, -P', () => {
    const env = { ...ENVIRONMENT.env, LSB_DEFAULTQUEUE: 'short', LSB_DEFAULTPROJECT: 'physics' };
    const defaulted = buildSubmitRequest(job(), { ...ENVIRONMENT, env }).submission;
    const given = { queue: 'long', project: 'chem' };
    const chosen = buildSubmitRequest(job({ options: given }), { ...ENVIRONMENT, env }).submission;

    expect(defaulted).toMatchObject({ queue: 'short', project: 'physics' });
    expect(chosen).toMatchObject({ queue: 'long', project: 'chem' });
  });

  it('keeps an absolute -cwd as it is', () => {
    const options = { cwd: '/scratch/%J' };
    expect(buildSubmitRequest(job({ options }), ENVIRONMENT).submission?.cwd).toBe('/scratch/%J');
  });

  it('sends -n min,max as the fewest and the most slots', () => {
    const ranged = buildSubmitRequest(job({ options: { slots: '2,8' } }), ENVIRONMENT);
    expect(ranged.submission).toMatchObject({ slots: 2, maxSlots: 8 });
  });

  it('refuses -n that is not a positive whole number, or a range upside down', () => {
    for (const slots of ['0', '-2', 'four', '2.5', '', '99999999999', '8,2', '2,']) {
      expect(() => buildSubmitRequest(job({ options: { slots } }), ENVIRONMENT)).toThrow(
        `${slots}: Bad argument. Job not submitted.`,
      );
    }
  });
});

describe('reportSubmitReply', () => {
  const accepted = { lsbe: Lsbe.LSBE_NO_ERROR, jobId: 1203, queue: 'long', context: '' };

  it('says "to queue" when -q chose the queue', () => {
    expect(reportSubmitReply(accepted, true, {})).toEqual({
      stdout: 'Job <1203> is submitted to queue <long>.\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('says "to default queue" otherwise', () => {
    const reply = { ...accepted, jobId: 1201, queue: 'normal' };
    expect(reportSubmitReply(reply, false, {}).stdout).toBe(
      'Job <1201> is submitted to default queue <normal>.\n',
    );
  });

  it('prints nothing with BSUB_QUIET and moves the line to stderr with BSUB_STDERR', () => {
    expect(reportSubmitReply(accepted, true, { BSUB_QUIET: '' })).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(reportSubmitReply(accepted, true, { BSUB_STDERR: 'y' })).toEqual({
      stdout: '',
      stderr: 'Job <1203> is submitted to queue <long>.\n',
      exitCode: 0,
    });
  });

  it('prints a refusal with its context and exits 255', () => {
    const refused = { lsbe: Lsbe.LSBE_BAD_QUEUE, jobId: 0, queue: '', context: 'nosuch' };
    expect(reportSubmitReply(refused, true, {})).toEqual({
      stdout: '',
      stderr: 'nosuch: No such queue. Job not submitted.\n',
      exitCode: 255,
    });
  });

  it('prints a refusal without context as the message alone', () => {
    const refused = { lsbe: Lsbe.LSBE_UJOB_LIMIT, jobId: 0, queue: '', context: '' };
    expect(reportSubmitReply(refused, false, {}).stderr).toBe(
      'Queue does not have enough per-user job slots. Job not submitted.\n',
    );
  });
});
