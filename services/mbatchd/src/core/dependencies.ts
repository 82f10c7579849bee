import { arrayIdOf, arrayIndexOf, elementJobId, isTypedJobId } from '../../../common/src/job-id';
import {
  type DependencyExpr,
  type DependencyTarget,
  evaluateDependency,
  parseDependency,
} from '../domain/dependency';
import type { Job } from '../domain/job';
import { PendReason } from '../domain/reasons';
import type { BatchContext } from './batch-context';

/** Who depends: names resolve among this user's jobs (all jobs for an administrator). */
export interface DependentView {
  user: string;
  /** Only jobs submitted before the dependent one count; Infinity at submission. */
  beforeArrayId: number;
}

/**
 * The jobs a target stands for: an id is that job, or every element of that array, or the
 * elements named in brackets; a name is every earlier job of that name of the same user.
 * An id bjobs would call illegal (an element's encoded id) stands for none.
 */
export function resolveTarget(
  ctx: Pick<BatchContext, 'jobs' | 'isAdmin'>,
  target: DependencyTarget,
  dependent: DependentView,
): Job[] {
  let jobs: Job[];
  if (target.id !== null) {
    const id = target.id;
    if (!isTypedJobId(id)) {
      return [];
    }
    if (target.indexes) {
      jobs = target.indexes
        .map((index) => ctx.jobs.get(elementJobId(id, index)))
        .filter((job): job is Job => job !== undefined);
    } else {
      const job = ctx.jobs.get(id);
      jobs = job ? [job] : ctx.jobs.elementsOf(id);
    }
  } else {
    const indexes = target.indexes ? new Set(target.indexes) : null;
    jobs = ctx.jobs
      .named(target.name!)
      .filter((job) => ctx.isAdmin(dependent.user) || job.spec.user === dependent.user)
      .filter((job) => indexes === null || indexes.has(arrayIndexOf(job.id)));
  }
  return jobs.filter((job) => arrayIdOf(job.id) < dependent.beforeArrayId);
}

/** Parses each job's -w once; the dispatcher asks it why a job still waits. */
export class DependencyGate {
  private readonly parsed = new Map<number, { text: string; expr: DependencyExpr | null }>();

  constructor(private readonly ctx: BatchContext) {}

  /**
   * Null once the condition holds; otherwise LSF's reason: not satisfied yet, or never
   * (a job it needs ended the wrong way, or is gone, or the text no longer parses).
   */
  reason(job: Job): PendReason | null {
    const text = job.spec.dependency;
    if (!text) {
      return null;
    }
    const expr = this.expression(job.id, text);
    if (expr === null) {
      return PendReason.DEPEND_INVALID;
    }
    const dependent = { user: job.spec.user, beforeArrayId: arrayIdOf(job.id) };
    const result = evaluateDependency(expr, (target) =>
      resolveTarget(this.ctx, target, dependent).map((found) => ({
        state: found.state,
        exitCode: found.exit?.exitCode,
      })),
    );
    if (result.value) {
      return null;
    }
    return result.final ? PendReason.DEPEND_INVALID : PendReason.DEPEND;
  }

  /** Forgets jobs that no longer wait. */
  prune(keep: (id: number) => boolean): void {
    for (const id of this.parsed.keys()) {
      if (!keep(id)) {
        this.parsed.delete(id);
      }
    }
  }

  private expression(id: number, text: string): DependencyExpr | null {
    const cached = this.parsed.get(id);
    if (cached && cached.text === text) {
      return cached.expr;
    }
    let expr: DependencyExpr | null;
    try {
      expr = parseDependency(text);
    } catch {
      expr = null;
    }
    this.parsed.set(id, { text, expr });
    return expr;
  }
}
