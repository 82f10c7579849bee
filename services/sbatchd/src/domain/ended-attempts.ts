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
  private lastPruneMs = 0;

  constructor(
    private readonly dir: string,
    private readonly retentionMs: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  record(jobId: number, attempt: number, pid: number, nowMs: number): void {
    fs.writeFileSync(path.join(this.dir, jobDirName(jobId, attempt)), String(pid));
    if (nowMs - this.lastPruneMs >= this.retentionMs / 4) {
      this.prune(nowMs);
    }
  }

  /** The pid the attempt ran with (0 if it never started), or null when it is not known. */
  pidOf(jobId: number, attempt: number): number | null {
    const text = readIfExists(path.join(this.dir, jobDirName(jobId, attempt)));
    return text === null ? null : Number(text) || 0;
  }

  /** Forgets attempts acknowledged more than `retentionMs` ago. */
  prune(nowMs: number): void {
    this.lastPruneMs = nowMs;
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      try {
        if (nowMs - fs.statSync(file).mtimeMs > this.retentionMs) {
          fs.rmSync(file, { force: true });
        }
      } catch {
        // Removed meanwhile: nothing to forget.
      }
    }
  }
}
