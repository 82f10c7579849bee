import { buildJobEnv, mcpuHosts } from '../../src/domain/job-env';
import type { ExecutionSite, JobSpec } from '../../src/domain/job-spec';
import { planJobStart } from '../../src/domain/start-plan';
import type { UserEntry } from '../../src/domain/user-entry';

const USER: UserEntry = { name: 'alice', uid: 1001, gid: 100, home: '/home/alice' };
const SITE: ExecutionSite = { hostName: 'node03', clusterName: 'c1', envDir: '/etc/lavalite' };

function spec(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    jobId: 1201,
    attempt: 1,
    command: 'sleep 600',
    user: 'alice',
    uid: 1001,
    gid: 100,
    cwd: '/home/alice/work',
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    umask: 0o022,
    outputFile: '',
    overwriteOutput: false,
    errorFile: '',
    overwriteError: false,
    inputFile: '',
    jobName: 'sweep',
    queue: 'normal',
    project: 'sweeps',
    execHosts: ['node03', 'node03', 'node04'],
    terminateIntervalSec: 0,
    submitTimeMs: 0,
    fromHost: '',
    ...overrides,
  };
}

describe('buildJobEnv', () => {
  it('sets the LSF job variables on top of the submission environment', () => {
    expect(buildJobEnv(spec(), USER, SITE)).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: '/home/alice',
      USER: 'alice',
      LOGNAME: 'alice',
      LSFUSER: 'alice',
      LSB_JOBID: '1201',
      LSB_JOBINDEX: '0',
      LSB_JOBNAME: 'sweep',
      LSB_QUEUE: 'normal',
      LSB_PROJECT_NAME: 'sweeps',
      LSB_HOSTS: 'node03 node03 node04',
      LSB_MCPU_HOSTS: 'node03 2 node04 1 ',
      LSB_SUBCWD: '/home/alice/work',
      LS_SUBCWD: '/home/alice/work',
      LSB_DJOB_NUMPROC: '3',
      LSB_MAX_NUM_PROCESSORS: '3',
      LSB_EXEC_CLUSTER: 'c1',
      LSF_ENVDIR: '/etc/lavalite',
    });
  });

  it('never copies HOME, PWD, USER or a parent job LSB_ values from the submission', () => {
    const env = {
      HOME: '/home/bob',
      PWD: '/tmp',
      USER: 'bob',
      LSB_JOBID: '7',
      LSB_OUTPUTFILE: '/tmp/parent.out',
      LSB_HOSTS: 'elsewhere',
      KEEP: 'yes',
    };
    const result = buildJobEnv(spec({ env }), USER, SITE);

    expect(result).toMatchObject({
      HOME: '/home/alice',
      USER: 'alice',
      LSB_JOBID: '1201',
      KEEP: 'yes',
    });
    expect(result.PWD).toBeUndefined();
    expect(result.LSB_OUTPUTFILE).toBeUndefined();
    expect(result.LSB_HOSTS).toBe('node03 node03 node04');
  });

  it('names the submission host in LSB_SUB_HOST, never a parent job one', () => {
    const inherited = { LSB_SUB_HOST: 'elsewhere', LSB_DJOB_HOSTFILE: '/tmp/parent' };
    const result = buildJobEnv(spec({ env: inherited, fromHost: 'login1' }), USER, SITE);

    expect(result.LSB_SUB_HOST).toBe('login1');
    expect(result.LSB_DJOB_HOSTFILE).toBeUndefined();
  });

  it('sets LSB_RESTART=Y on a rerun only, never from the submission', () => {
    const inherited = { LSB_RESTART: 'Y' };
    expect(buildJobEnv(spec({ env: inherited }), USER, SITE).LSB_RESTART).toBeUndefined();
    expect(buildJobEnv(spec({ restart: true }), USER, SITE).LSB_RESTART).toBe('Y');
  });

  it('names the output and error files only when they were given', () => {
    const result = buildJobEnv(spec({ outputFile: 'out.1201', errorFile: 'err.1201' }), USER, SITE);

    expect(result.LSB_OUTPUTFILE).toBe('out.1201');
    expect(result.LSB_ERRORFILE).toBe('err.1201');
  });

  it("gives an array element the array's id and its index, whatever the submission had", () => {
    const env = { LSB_JOBINDEX: '9', LSB_JOBID: '77' };
    const result = buildJobEnv(spec({ env, jobId: 4 * 2 ** 32 + 1201 }), USER, SITE);
    expect(result.LSB_JOBID).toBe('1201');
    expect(result.LSB_JOBINDEX).toBe('4');
  });

  it("gives an array element its range's step and end, and other jobs neither", () => {
    const inherited = { LSB_JOBINDEX_STEP: '5', LSB_JOBINDEX_END: '50' };
    const element = spec({ jobId: 4 * 2 ** 32 + 1201, arrayIndexStep: 2, arrayIndexEnd: 9 });
    const plain = buildJobEnv(spec({ env: inherited }), USER, SITE);

    expect(buildJobEnv(element, USER, SITE)).toMatchObject({
      LSB_JOBINDEX: '4',
      LSB_JOBINDEX_STEP: '2',
      LSB_JOBINDEX_END: '9',
    });
    expect(plain.LSB_JOBINDEX_STEP).toBeUndefined();
    expect(plain.LSB_JOBINDEX_END).toBeUndefined();
  });

  it('omits LSB_HOSTS when it would reach 4096 bytes, keeping LSB_MCPU_HOSTS', () => {
    const slots = (bytes: number): string[] => ['a'.repeat(bytes - 2), 'b'];
    const below = buildJobEnv(spec({ execHosts: slots(4095) }), USER, SITE);
    const at = buildJobEnv(spec({ execHosts: slots(4096) }), USER, SITE);

    expect(below.LSB_HOSTS).toHaveLength(4095);
    expect(at.LSB_HOSTS).toBeUndefined();
    expect(at.LSB_MCPU_HOSTS).toBe(`${'a'.repeat(4094)} 1 b 1 `);
    expect(at.LSB_DJOB_NUMPROC).toBe('2');
  });

  it('gives the max of -n min,max apart from the slots the job got', () => {
    const ranged = buildJobEnv(spec({ execHosts: ['n1', 'n1'], maxSlots: 8 }), USER, SITE);

    expect(ranged).toMatchObject({ LSB_DJOB_NUMPROC: '2', LSB_MAX_NUM_PROCESSORS: '8' });
  });

  it('runs a job without allocated hosts on one slot of this host', () => {
    const result = buildJobEnv(spec({ execHosts: [] }), USER, SITE);

    expect(result).toMatchObject({
      LSB_HOSTS: 'node03',
      LSB_MCPU_HOSTS: 'node03 1 ',
      LSB_DJOB_NUMPROC: '1',
    });
  });
});

describe('mcpuHosts', () => {
  it('counts slots per host in order of first appearance, with a trailing space', () => {
    expect(mcpuHosts(['b', 'a', 'b'])).toBe('b 2 a 1 ');
  });
});

const HOST_FILE = '/var/lavalite/sbatchd/node03/jobs/1201.1/hostfile';

function plan(job: JobSpec): ReturnType<typeof planJobStart> {
  return planJobStart(job, USER, SITE, HOST_FILE);
}

describe('planJobStart', () => {
  it('sends output without -o to $HOME/.lsbatch/<submit time>.<jobId>.out, appended', () => {
    const { start } = plan(spec({ submitTimeMs: 1_764_870_000_999 }));

    expect(start).toMatchObject({
      stdout: '/home/alice/.lsbatch/1764870000.1201.out',
      stdoutAppend: true,
      stderr: '',
      spoolDir: '/home/alice/.lsbatch',
    });
  });

  it('sends output without -o to JOB_SPOOL_DIR when mbatchd names one', () => {
    const { start } = plan(spec({ submitTimeMs: 1_764_870_000_999, spoolDir: '/var/spool/lsf' }));

    expect(start).toMatchObject({
      stdout: '/var/spool/lsf/1764870000.1201.out',
      spoolDir: '/var/spool/lsf',
    });
  });

  it('writes into <job id>.out and .err of -o and -e paths that end with /, made as needed', () => {
    const { start, env } = plan(spec({ outputFile: 'logs/', errorFile: '/scratch/err/' }));
    const element = plan(spec({ jobId: 3 * 2 ** 32 + 1201, outputFile: 'logs/' })).start;

    expect(start).toMatchObject({
      stdout: 'logs/1201.out',
      stdoutDir: 'logs/',
      stderr: '/scratch/err/1201.err',
      stderrDir: '/scratch/err/',
    });
    expect(env).toMatchObject({
      LSB_OUTPUTFILE: 'logs/1201.out',
      LSB_ERRORFILE: '/scratch/err/1201.err',
    });
    expect(element.stdout).toBe('logs/1201_3.out');
  });

  it('appends to -o files, overwrites -oo files, and keeps -e apart', () => {
    const appended = plan(spec({ outputFile: 'o', errorFile: 'e' })).start;
    const overwritten = plan(
      spec({ outputFile: 'o', overwriteOutput: true, errorFile: 'e', overwriteError: true }),
    ).start;

    expect(appended).toMatchObject({
      stdout: 'o',
      stdoutAppend: true,
      stderr: 'e',
      stderrAppend: true,
    });
    expect(appended.spoolDir).toBe('');
    expect(overwritten).toMatchObject({ stdoutAppend: false, stderrAppend: false });
  });

  it('runs a job submitted without a directory in the home directory', () => {
    const homed = plan(spec({ cwd: '' }));

    expect(homed.start.cwd).toBe('/home/alice');
    expect(homed.env.LSB_SUBCWD).toBe('/home/alice');
  });

  it('lists one slot per line in the host file that LSB_DJOB_HOSTFILE names', () => {
    const planned = plan(spec());

    expect(planned.hostFile).toEqual({
      path: HOST_FILE,
      text: 'node03\nnode03\nnode04\n',
    });
    expect(planned.env.LSB_DJOB_HOSTFILE).toBe(HOST_FILE);
    expect(plan(spec({ execHosts: [] })).hostFile.text).toBe('node03\n');
  });
});
