import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import type { JobReport } from '../src/domain/job-report';
import type { JobSpec } from '../src/domain/job-spec';
import { JobRunner } from '../src/job-runner';

/** Builds the shepherd with its own build script into a fresh directory. */
export function buildShepherd(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-shepherd-'));
  execFileSync(path.resolve(__dirname, '../shepherd/build.sh'), [out]);
  return path.join(out, 'lavalite-shepherd');
}

export const silentLog = winston.createLogger({ silent: true });

/** A runner on a work directory, with every report it makes kept in order. */
export interface TestRunner {
  runner: JobRunner;
  reports: JobReport[];
}

export function openRunner(
  workDir: string,
  shepherdPath: string,
  pollIntervalMs = 100,
): TestRunner {
  const reports: JobReport[] = [];
  const runner = JobRunner.open({
    workDir,
    shepherdPath,
    site: { hostName: 'hostA', clusterName: 'testcluster', envDir: '/etc/lavalite' },
    defaultTerminateIntervalSec: 10,
    onReport: (report) => reports.push(report),
    log: silentLog,
    pollIntervalMs,
  });
  return { runner, reports };
}

/** A job of the user running the tests, writing its output into `dir`. */
export function jobSpec(dir: string, jobId: number, command: string): JobSpec {
  return {
    jobId,
    attempt: 1,
    command,
    user: os.userInfo().username,
    uid: os.userInfo().uid,
    gid: os.userInfo().gid,
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    umask: 0o022,
    outputFile: path.join(dir, `${jobId}.out`),
    overwriteOutput: false,
    errorFile: '',
    overwriteError: false,
    inputFile: '',
    jobName: `job${jobId}`,
    queue: 'normal',
    project: 'default',
    execHosts: ['hostA'],
    terminateIntervalSec: 0,
    submitTimeMs: 0,
    fromHost: '',
  };
}

/** Waits until the condition holds; fails after `timeoutMs`, so no test can hang. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The live (non-zombie) processes of a process group, found through /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (+pgrp === pgid && state !== 'Z') {
      members.push(+entry);
    }
  }
  return members;
}

/** Kills every job a runner still holds, so that a failed test leaves no process behind. */
export function killLeftovers(runner: JobRunner): void {
  for (const job of runner.heldJobs()) {
    if (job.pid > 0 && groupMembers(job.pid).length > 0) {
      try {
        process.kill(-job.pid, 'SIGKILL');
      } catch {
        // The group ended between the look and the kill.
      }
    }
  }
}

/** The command name (comm) of a process, or null when it is gone. */
export function commandOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The one-letter state of a process (T when stopped), or null when it is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

/**
 * Removes a test's directory. The shepherd of a job the test just killed may still be
 * writing there: a directory that does not go is left behind rather than failing the test,
 * which is over.
 */
export function removeTestDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // Left in the temporary directory; nothing depends on it.
  }
}
