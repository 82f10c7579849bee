import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './domain/atomic-file';
import { JobFile, type JobRecordFile } from './domain/job-dir';
import type { ExecutionSite, JobSpec } from './domain/job-spec';
import { shepherdEnv } from './domain/shepherd-env';
import { encodeStartFile } from './domain/start-file';
import { planJobStart } from './domain/start-plan';
import { JobStartError } from './domain/errors';
import { lookupUser } from './domain/user-entry';
import { launchShepherd } from './shepherd-launch';

/** The host's part of starting a job. */
export interface LaunchSettings {
  readonly shepherdPath: string;
  readonly site: ExecutionSite;
  readonly startTimeoutMs: number;
}

/**
 * Writes the record, start file and host file into the job's fresh directory and has a shepherd start
 * the job; returns the job's pid. Throws when the job could not be started (unknown user,
 * bad value, shepherd failure), leaving the directory for the caller to remove.
 */
export async function launchJob(
  spec: JobSpec,
  dir: string,
  settings: LaunchSettings,
): Promise<number> {
  const user = lookupUser(spec.user, spec.uid);
  if (user.uid !== spec.uid) {
    const reason = `user ${user.name} is uid ${user.uid} on this host, not ${spec.uid}`;
    throw new JobStartError(spec.jobId, spec.attempt, reason);
  }
  const plan = planJobStart(spec, user, settings.site, path.join(dir, JobFile.HOST_FILE));
  const record: JobRecordFile = {
    jobId: spec.jobId,
    attempt: spec.attempt,
    user: user.name,
    uid: spec.uid,
    terminateIntervalSec: spec.terminateIntervalSec,
    createdAtMs: Date.now(),
    limits: spec.limits,
  };
  writeFileAtomic(path.join(dir, JobFile.RECORD), JSON.stringify(record));
  writeFileAtomic(path.join(dir, JobFile.START), encodeStartFile(plan.start));
  // The job reads it as its own user: readable by all, as the host names are no secret.
  fs.writeFileSync(plan.hostFile.path, plan.hostFile.text, { mode: 0o644 });

  const pids = await launchShepherd({
    jobId: spec.jobId,
    attempt: spec.attempt,
    shepherdPath: settings.shepherdPath,
    jobDir: dir,
    env: shepherdEnv(plan.env),
    timeoutMs: settings.startTimeoutMs,
  });
  return pids.pid;
}
