import fs from 'node:fs';
import path from 'node:path';
import { readIfExists } from './atomic-file';
import { jobDirName } from './job-dir';

/**
 * Attempts whose end mbatchd has acknowledged (their job directory is gone), each kept as a
 * file `<dir>/<jobId>.<attempt>` holding its pid for `retentionMs`. A start of such an attempt
 * that was already on its way (mbatchd resent a start just as the job ended) must not run the
 * job again; requests older than the cluster key's window are refused, so a bounded memory is
 * enough.
 */
export class EndedAttempts {
  /** File names oldest first, with when each was recorded, so forgetting never scans. */
  private readonly order: Array<{ name: string; atMs: number }> = [];

  constructor(
    private readonly dir: string,
    private readonly retentionMs: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      this.order.push({ name, atMs: fs.statSync(path.join(dir, name)).mtimeMs });
    }
    this.order.sort((a, b) => a.atMs - b.atMs);
  }

  record(jobId: number, attempt: number, pid: number, nowMs: number): void {
    const name = jobDirName(jobId, attempt);
    fs.writeFileSync(path.join(this.dir, name), String(pid));
    this.order.push({ name, atMs: nowMs });
    this.prune(nowMs);
  }

  /** The pid the attempt ran with (0 if it never started), or null when it is not known. */
  pidOf(jobId: number, attempt: number): number | null {
    const text = readIfExists(path.join(this.dir, jobDirName(jobId, attempt)));
    return text === null ? null : Number(text) || 0;
  }

  /** Forgets attempts recorded more than `retentionMs` ago. */
  prune(nowMs: number): void {
    while (this.order.length > 0 && nowMs - this.order[0].atMs > this.retentionMs) {
      const { name } = this.order.shift()!;
      fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }
}
