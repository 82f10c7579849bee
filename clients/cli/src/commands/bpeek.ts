import { Args, Flags } from '@oclif/core';
import fs from 'node:fs';
import { jobSpoolDir, readClusterConfig } from '../lib/cluster';
import { CommandFailure } from '../lib/command-failure';
import { homeDirectoryLookup } from '../lib/job-homes';
import { jobOutputFiles, type OutputFiles } from '../lib/job-output-files';
import { jobSelection, noJobFoundMessage, parseJobIds } from '../lib/job-selection';
import { LsfCommand } from '../lib/lsf-command';
import { withoutJobReports } from '../lib/output-without-reports';
import { connectToMbatchd, currentUser, Mbatchd } from '../lib/mbatchd-client';
import { isFinished, isPending } from '../render/job-status';

const FOLLOW_POLL_MS = 500;
/** With -f, mbatchd is asked whether the job still runs once per this many file polls. */
const STATE_CHECK_EVERY = 4;

export default class Bpeek extends LsfCommand {
  static override summary = "Display a running job's output so far; -f follows it to its end.";
  static override examples = ['$ bpeek 1201', '$ bpeek -f 1201', '$ bpeek'];
  static override args = { jobId: Args.string({ description: 'job id (default: your last job)' }) };
  static override flags = {
    follow: Flags.boolean({
      char: 'f',
      description: 'keep printing new output until the job ends',
    }),
    jobName: Flags.string({ char: 'J', description: 'your last job of this name' }),
    queue: Flags.string({ char: 'q', description: 'your last job in this queue' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Bpeek);
    const ids = args.jobId === undefined ? [] : parseJobIds([args.jobId]).ids;
    const requester = currentUser().name;
    const mbatchd = await connectToMbatchd(readClusterConfig('bpeek'), 'bpeek');
    try {
      const selection = jobSelection(ids, { jobName: flags.jobName, queue: flags.queue });
      const reply = await mbatchd.call(mbatchd.client.listJobs, { selection, requester });
      const job = [...reply.jobs].sort((a, b) => b.jobId - a.jobId)[0];
      if (job === undefined) {
        throw new CommandFailure(
          ids.length > 0 ? `Job <${ids[0]}>: No matching job found` : noJobFoundMessage(flags),
        );
      }
      if (isPending(job)) {
        throw new CommandFailure(`Job <${job.jobId}> : Not yet started.`);
      }
      if (isFinished(job)) {
        throw new CommandFailure(`Job <${job.jobId}> : Already finished.`);
      }
      const files = jobOutputFiles(job, homeDirectoryLookup()(job.user), jobSpoolDir());
      await this.peek(files, job.jobId, flags.follow ? mbatchd : null, requester);
    } finally {
      mbatchd.close();
    }
  }

  private async peek(
    files: OutputFiles,
    jobId: number,
    follow: Mbatchd | null,
    requester: string,
  ): Promise<void> {
    this.print('<< output from stdout >>\n');
    let offset = this.printFrom(files.stdout, 0);
    if (follow === null) {
      if (files.stderr !== null) {
        this.print('\n<< output from stderr >>\n');
        this.printFrom(files.stderr, 0);
      }
      return;
    }
    for (let poll = 1; ; poll++) {
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
      // Asked before the file is read, so that what the job wrote last is still printed.
      const ended =
        poll % STATE_CHECK_EVERY === 0 && !(await stillRunning(follow, jobId, requester));
      offset = this.printFrom(files.stdout, offset);
      if (ended) {
        return;
      }
    }
  }

  /**
   * Prints a file's output, its job reports left out, from `offset` on, and returns the new
   * end; a missing file has no output. Bytes are kept as they are (latin1 maps each to one
   * character), whatever their encoding.
   */
  private printFrom(file: string | null, offset: number): number {
    if (file === null) {
      return offset;
    }
    let text: string;
    try {
      text = withoutJobReports(fs.readFileSync(file, 'latin1'));
    } catch {
      return offset;
    }
    if (text.length > offset) {
      process.stdout.write(Buffer.from(text.slice(offset), 'latin1'));
    }
    return Math.max(offset, text.length);
  }
}

async function stillRunning(mbatchd: Mbatchd, jobId: number, requester: string): Promise<boolean> {
  const selection = jobSelection([jobId], {});
  const reply = await mbatchd.call(mbatchd.client.listJobs, { selection, requester });
  return reply.jobs.some((job) => !isFinished(job));
}
