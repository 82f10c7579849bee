import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import type { Mbatchd } from './mbatchd-client';

/** bsub -K's exit code for a job killed before it ran, as in OpenLava. */
export const KILLED_WHILE_PENDING_EXIT = 126;

const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 2000;

/** A job's exit status as a shell sees it: the exit code, or 128 + the signal that ended it. */
export function jobExitStatus(job: JobRecord): number {
  if (job.state === JobState.JOB_STATE_DONE) {
    return 0;
  }
  if (job.exitSignal > 0) {
    return 128 + job.exitSignal;
  }
  if (job.hasExitCode) {
    return job.exitCode;
  }
  return job.startTimeMs > 0 ? 255 : KILLED_WHILE_PENDING_EXIT;
}

/**
 * `bsub -K`: waits for the job to end, writing LSF's `<<...>>` progress lines on stderr, and
 * returns the exit status bsub ends with. mbatchd is asked at a pace that slows from 0.2 to
 * 2 seconds, so a long job costs little and a short one returns quickly.
 */
export async function waitForJob(
  mbatchd: Mbatchd,
  jobId: number,
  requester: string,
  say: (line: string) => void,
): Promise<number> {
  say('<<Waiting for dispatch ...>>');
  let announcedStart = false;
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
    const reply = await mbatchd.call(mbatchd.client.listJobs, {
      selection: {
        jobIds: [jobId],
        user: '',
        queue: '',
        host: '',
        jobName: '',
        pending: false,
        running: false,
        suspended: false,
        finished: false,
        all: false,
      },
      requester,
    });
    const job = reply.jobs[0];
    if (job === undefined) {
      return 255;
    }
    if (!announcedStart && job.execHosts.length > 0) {
      say(`<<Starting on ${job.execHosts[0]}>>`);
      announcedStart = true;
    }
    if (job.state === JobState.JOB_STATE_DONE || job.state === JobState.JOB_STATE_EXIT) {
      say(job.startTimeMs > 0 ? '<<Job is finished>>' : '<<Terminated while pending>>');
      return jobExitStatus(job);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
