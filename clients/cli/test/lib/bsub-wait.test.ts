import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { jobExitStatus, KILLED_WHILE_PENDING_EXIT, waitForJob } from '../../src/lib/bsub-wait';
import type { Mbatchd } from '../../src/lib/mbatchd-client';
import { jobRecord } from '../render/job-fixtures';

describe('jobExitStatus', () => {
  it('is 0 for DONE, the exit code, 128 + a signal, 126 for a job that never ran', () => {
    expect(jobExitStatus(jobRecord({ state: JobState.JOB_STATE_DONE }))).toBe(0);
    const exited = { state: JobState.JOB_STATE_EXIT, hasExitCode: true, exitCode: 5 };
    expect(jobExitStatus(jobRecord(exited))).toBe(5);
    expect(jobExitStatus(jobRecord({ state: JobState.JOB_STATE_EXIT, exitSignal: 15 }))).toBe(143);
    expect(jobExitStatus(jobRecord({ state: JobState.JOB_STATE_EXIT, startTimeMs: 0 }))).toBe(
      KILLED_WHILE_PENDING_EXIT,
    );
  });
});

describe('waitForJob', () => {
  it('says when the job starts and ends, and returns its status', async () => {
    const answers = [
      jobRecord({ state: JobState.JOB_STATE_PEND, execHosts: [], startTimeMs: 0 }),
      jobRecord({ state: JobState.JOB_STATE_RUN }),
      jobRecord({ state: JobState.JOB_STATE_EXIT, hasExitCode: true, exitCode: 3 }),
    ];
    const mbatchd = {
      client: { listJobs: () => undefined },
      call: async () => ({ jobs: [answers.shift()!] }),
      close: () => undefined,
    } as unknown as Mbatchd;
    const said: string[] = [];
    expect(await waitForJob(mbatchd, 1201, 'alice', (line) => said.push(line))).toBe(3);
    expect(said).toEqual([
      '<<Waiting for dispatch ...>>',
      '<<Starting on node07>>',
      '<<Job is finished>>',
    ]);
  });
});
