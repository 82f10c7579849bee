import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobStartError } from './domain/errors';
import { readPids, readStatus, type JobPids } from './domain/job-dir';
import { signalGroup } from './signal-group';

/** One shepherd to start for a job directory that holds its start file. */
export interface ShepherdLaunch {
  readonly jobId: number;
  readonly attempt: number;
  readonly shepherdPath: string;
  readonly jobDir: string;
  /** The job's environment, which the shepherd passes on as its own. */
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
}

const FIRST_LOOK_MS = 2;
const LONGEST_LOOK_MS = 50;

/**
 * Starts the shepherd and waits until it wrote the pid file, which it does just before the
 * job execs. The shepherd is detached (own session, no pipes, unreferenced), so it and the
 * job outlive sbatchd. Throws JobStartError when the job could not be set up, the shepherd
 * failed, or nothing happened in time; in that last case the shepherd and anything it
 * started are killed, so a job reported as not started never runs.
 */
export async function launchShepherd(launch: ShepherdLaunch): Promise<JobPids> {
  const fail = (reason: string, cause?: unknown, jobFault = false): JobStartError =>
    new JobStartError(launch.jobId, launch.attempt, reason, { cause, jobFault });
  const child = spawn(launch.shepherdPath, [launch.jobDir], {
    detached: true,
    stdio: 'ignore',
    env: launch.env,
    cwd: '/',
  });
  let spawnError: Error | null = null;
  let exitCode: number | null = null;
  child.on('error', (error) => (spawnError = error));
  child.on('exit', (code) => (exitCode = code ?? -1));
  child.unref();

  const deadline = Date.now() + launch.timeoutMs;
  for (let look = FIRST_LOOK_MS; Date.now() < deadline; look *= 2) {
    await sleep(Math.min(look, LONGEST_LOOK_MS));
    const pids = readPids(launch.jobDir);
    if (pids) {
      return pids;
    }

    const status = readStatus(launch.jobDir);
    if (status?.outcome.kind === 'not-started') {
      throw fail(status.outcome.reason, undefined, status.outcome.jobFault);
    }
    if (spawnError !== null) {
      throw fail(`cannot run ${launch.shepherdPath}: ${(spawnError as Error).message}`, spawnError);
    }
    if (exitCode !== null) {
      throw fail(`the shepherd exited with status ${exitCode} before the job started`);
    }
  }

  child.kill('SIGKILL');
  const late = readPids(launch.jobDir);
  if (late) {
    signalGroup(late.pid, 'SIGKILL');
  }
  throw fail(`the shepherd did not start the job within ${launch.timeoutMs} ms`);
}
