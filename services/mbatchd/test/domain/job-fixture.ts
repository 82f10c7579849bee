import type { Job, JobSpec, JobState } from '../../src/domain/job';

/** A plain job in `state`, as the domain tests need one; fields not given take dull defaults. */
export function makeJob(state: JobState, spec: Partial<JobSpec> = {}, id = 101): Job {
  return {
    id,
    spec: {
      command: 'sleep 300',
      jobName: 'sleep 300',
      queue: 'normal',
      queueGiven: false,
      user: 'alice',
      uid: 1000,
      gid: 1000,
      fromHost: 'login01',
      cwd: '/home/alice',
      overwriteOutput: false,
      overwriteError: false,
      hold: false,
      slots: 1,
      askedHosts: [],
      project: 'default',
      env: {},
      umask: 0o022,
      submitTimeMs: 1_700_000_000_000 + id,
      ...spec,
    },
    state,
    hostUnreachable: false,
    pendReason: '',
    execHosts: [],
    dispatchAttempt: 0,
  };
}
