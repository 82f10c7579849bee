import type { JobSpec } from '../../src/domain/job-spec';
import { refuseStart } from '../../src/domain/start-checks';

const spec = (fields: Partial<JobSpec> = {}): JobSpec => ({
  jobId: 7,
  attempt: 1,
  command: 'sleep 1',
  user: 'alice',
  uid: 1001,
  gid: 1001,
  cwd: '/home/alice',
  env: { PATH: '/bin' },
  umask: 0o22,
  outputFile: '',
  overwriteOutput: false,
  errorFile: '',
  overwriteError: false,
  inputFile: '',
  jobName: 'j',
  queue: 'normal',
  project: 'default',
  execHosts: ['host2'],
  terminateIntervalSec: 0,
  submitTimeMs: 1_700_000_000_000,
  fromHost: 'login01',
  ...fields,
});

const asRoot = { euid: 0, rootJobs: false };

describe('refuseStart', () => {
  it('lets root sbatchd run any ordinary user', () => {
    expect(refuseStart(spec(), asRoot)).toBeNull();
  });

  it('refuses jobs of root unless LSF_ROOT_REX allows them', () => {
    const rootJob = spec({ user: 'root', uid: 0, gid: 0 });

    expect(refuseStart(rootJob, asRoot)).toEqual({
      kind: 'root',
      reason: 'jobs of root are not allowed on this host (LSF_ROOT_REX)',
    });
    expect(refuseStart(rootJob, { euid: 0, rootJobs: true })).toBeNull();
  });

  it('an sbatchd that is not root runs jobs of its own user only', () => {
    expect(refuseStart(spec({ uid: 1001 }), { euid: 1001, rootJobs: false })).toBeNull();
    expect(refuseStart(spec({ user: 'bob', uid: 1002 }), { euid: 1001, rootJobs: false })).toEqual({
      kind: 'permission',
      reason: 'sbatchd does not run as root and runs jobs of uid 1001 only, not of bob (uid 1002)',
    });
  });

  it.each([
    ['a job id of 0', { jobId: 0 }],
    ['an empty command', { command: '' }],
    ['a user name with a slash', { user: '../etc' }],
    ['a relative cwd', { cwd: 'home' }],
    ['a umask over 0777', { umask: 0o7777 }],
    ['an environment variable with a NUL byte', { env: { A: 'b\0c' } }],
  ])('refuses %s as a bad argument', (_what, fields) => {
    expect(refuseStart(spec(fields), asRoot)?.kind).toBe('bad-argument');
  });
});
