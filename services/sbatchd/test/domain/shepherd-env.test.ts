import { shepherdEnv } from '../../src/domain/shepherd-env';

describe('shepherdEnv', () => {
  it('renames the variables that steer the dynamic loader and keeps the rest', () => {
    const env = shepherdEnv({
      PATH: '/bin',
      LD_PRELOAD: '/tmp/evil.so',
      LD_LIBRARY_PATH: '/opt/lib',
      GCONV_PATH: '/tmp',
      GLIBC_TUNABLES: 'glibc.malloc.check=3',
      LSB_JOBID: '12',
    });

    expect(env).toEqual({
      PATH: '/bin',
      LAVALITE_JOB_LD_PRELOAD: '/tmp/evil.so',
      LAVALITE_JOB_LD_LIBRARY_PATH: '/opt/lib',
      LAVALITE_JOB_GCONV_PATH: '/tmp',
      LAVALITE_JOB_GLIBC_TUNABLES: 'glibc.malloc.check=3',
      LSB_JOBID: '12',
    });
  });

  it('prefixes a name that has the prefix already, so that the job gets it back unchanged', () => {
    expect(shepherdEnv({ LAVALITE_JOB_X: '1' })).toEqual({ LAVALITE_JOB_LAVALITE_JOB_X: '1' });
  });
});
