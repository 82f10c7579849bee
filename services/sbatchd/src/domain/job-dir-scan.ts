import fs from 'node:fs';
import path from 'node:path';
import { JobFile, readPids, type JobPids } from './job-dir';
import { findShepherd, isJobAlive, isShepherdAlive } from './proc';

/** What sbatchd can see of a job directory without the shepherd's help. */
export interface JobDirFacts {
  readonly hasStatus: boolean;
  readonly pids: JobPids | null;
  readonly jobAlive: boolean;
  readonly shepherdAlive: boolean;
}

/** What a job directory found at start-up (or found silent while held) stands for. */
export type JobDirClass =
  /** The shepherd wrote the status: report it. */
  | { readonly kind: 'finished' }
  /** The job or its shepherd lives: watch it again. */
  | { readonly kind: 'running' }
  /** No status and nobody left to write one: report the job ended, with the reason. */
  | { readonly kind: 'lost'; readonly reason: string };

export function classifyJobDir(facts: JobDirFacts): JobDirClass {
  if (facts.hasStatus) {
    return { kind: 'finished' };
  }
  if (facts.jobAlive || facts.shepherdAlive) {
    return { kind: 'running' };
  }
  if (facts.pids === null) {
    return { kind: 'lost', reason: 'the shepherd ended before the job started' };
  }
  return {
    kind: 'lost',
    reason: 'the job and its shepherd are gone without an exit status (was the host rebooted?)',
  };
}

/**
 * Gathers the facts of a job directory. Liveness is probed before the status file is looked
 * for: the shepherd writes the status before it exits, so a shepherd seen dead here has left
 * its status already if it ever will, and a job is never called lost while it ends.
 */
export function inspectJobDir(dir: string): JobDirFacts {
  const pids = readPids(dir);
  const shepherdAlive = pids ? isShepherdAlive(pids.shepherdPid) : findShepherd(dir) !== null;
  const jobAlive = pids !== null && isJobAlive(pids.pid);
  const hasStatus = fs.existsSync(path.join(dir, JobFile.STATUS));
  return { hasStatus, pids, jobAlive, shepherdAlive };
}
