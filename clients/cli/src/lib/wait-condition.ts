import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import {
  DependedJob,
  DependencyExpr,
  DependencyTarget,
  DependencyValue,
  dependencyTargets,
  evaluateDependency,
} from '../../../../services/mbatchd/src/domain/dependency';

const STATES: Partial<Record<number, DependedJob['state']>> = {
  [JobState.JOB_STATE_PEND]: 'PEND',
  [JobState.JOB_STATE_PSUSP]: 'PSUSP',
  [JobState.JOB_STATE_RUN]: 'RUN',
  [JobState.JOB_STATE_SSUSP]: 'SSUSP',
  [JobState.JOB_STATE_USUSP]: 'USUSP',
  [JobState.JOB_STATE_DONE]: 'DONE',
  [JobState.JOB_STATE_EXIT]: 'EXIT',
};

/** A job record as the dependency evaluation sees it: its state and exit code. */
export function dependedJob(job: JobRecord): DependedJob {
  const state = STATES[job.state] ?? 'PEND';
  if (job.exitSignal > 0) {
    return { state, exitCode: 128 + job.exitSignal };
  }
  return job.hasExitCode ? { state, exitCode: job.exitCode } : { state };
}

/** The jobs each target of the expression stands for, fetched by the caller. */
export type TargetJobs = Map<DependencyTarget, readonly JobRecord[]>;

/** Evaluates a wait condition (`bwait -w`) on the jobs its targets name now. */
export function evaluateWait(expr: DependencyExpr, jobs: TargetJobs): DependencyValue {
  return evaluateDependency(expr, (target) => {
    const found = jobs.get(target) ?? [];
    const wanted =
      target.indexes === null
        ? found
        : found.filter((job) => target.indexes!.includes(job.arrayIndex));
    return wanted.map(dependedJob);
  });
}

export { dependencyTargets };
