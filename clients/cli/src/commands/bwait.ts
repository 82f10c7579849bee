import { Flags } from '@oclif/core';
import {
  DependencySyntaxError,
  parseDependency,
} from '../../../../services/mbatchd/src/domain/dependency';
import { readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { jobSelection } from '../lib/job-selection';
import { LsfCommand } from '../lib/lsf-command';
import { connectToMbatchd, currentUser, Mbatchd } from '../lib/mbatchd-client';
import { dependencyTargets, evaluateWait, TargetJobs } from '../lib/wait-condition';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;

export default class Bwait extends LsfCommand {
  static override summary = 'Wait until a condition on jobs holds, as bsub -w writes it.';
  static override examples = ["$ bwait -w 'done(1201)'", "$ bwait -w 'ended(prep*)' -t 30"];
  static override flags = {
    condition: Flags.string({ char: 'w', description: 'the wait condition', required: true }),
    timeout: Flags.string({ char: 't', description: 'give up after this many minutes' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Bwait);
    const timeoutMin = flags.timeout === undefined ? null : Number(flags.timeout);
    if (timeoutMin !== null && !(timeoutMin > 0)) {
      throw new CommandFailure(`${flags.timeout}: Bad time specification`);
    }
    let expr;
    try {
      expr = parseDependency(flags.condition);
    } catch (error) {
      if (error instanceof DependencySyntaxError) {
        throw new CommandFailure(`${flags.condition}: Dependency condition syntax error`);
      }
      throw error;
    }

    const deadline = timeoutMin === null ? Infinity : Date.now() + timeoutMin * 60_000;
    const mbatchd = await connectToMbatchd(readClusterConfig('bwait'), 'bwait');
    try {
      for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
        const { value, final } = evaluateWait(expr, await targetJobs(mbatchd, expr));
        if (value) {
          return;
        }
        if (final) {
          throw new CommandFailure(`${flags.condition}: Wait condition is never satisfied`);
        }
        if (Date.now() + delay > deadline) {
          throw new CommandFailure(`${flags.condition}: Wait condition timed out`);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    } finally {
      mbatchd.close();
    }
  }
}

/** The caller's jobs each target names: by id in any state, by name among all states. */
async function targetJobs(
  mbatchd: Mbatchd,
  expr: ReturnType<typeof parseDependency>,
): Promise<TargetJobs> {
  const requester = currentUser().name;
  const jobs: TargetJobs = new Map();
  for (const target of dependencyTargets(expr)) {
    const selection =
      target.id !== null
        ? jobSelection([target.id], {})
        : jobSelection([], { jobName: target.name ?? '' }, { all: true });
    const reply = await mbatchd.call(mbatchd.client.listJobs, { selection, requester });
    jobs.set(target, reply.jobs);
  }
  return jobs;
}
