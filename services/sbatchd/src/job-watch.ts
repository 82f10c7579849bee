import fs from 'node:fs';
import { JobFile } from './domain/job-dir';

/** Called for a watched directory: `deep` asks for the costlier liveness check too. */
export type CheckJob = (dir: string, deep: boolean) => void;

/** Polls between the costlier checks that a silent job still has a process or shepherd. */
const POLLS_PER_DEEP_CHECK = 10;

/**
 * Tells when a watched job directory may have got its status file: at once through
 * fs.watch (inotify), and on every poll as well, since a watch can fail (inotify limits)
 * or miss an event. Every tenth poll is deep, to notice a job whose shepherd died.
 */
export class JobWatch {
  private readonly watchers = new Map<string, fs.FSWatcher | null>();
  private readonly poller: NodeJS.Timeout;
  private polls = 0;
  private closed = false;

  constructor(
    pollIntervalMs: number,
    private readonly check: CheckJob,
  ) {
    this.poller = setInterval(() => this.poll(), pollIntervalMs);
  }

  /** Watches a directory until unwatch(); after close() (a start finishing late) nothing. */
  watch(dir: string): void {
    if (this.closed) {
      return;
    }
    let watcher: fs.FSWatcher | null = null;
    try {
      watcher = fs.watch(dir, (_event, file) => file === JobFile.STATUS && this.check(dir, false));
      watcher.on('error', () => this.unwatch(dir));
    } catch {
      // The poll alone will do.
    }
    this.watchers.set(dir, watcher);
  }

  unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.poller);
    [...this.watchers.keys()].forEach((dir) => this.unwatch(dir));
  }

  private poll(): void {
    const deep = ++this.polls % POLLS_PER_DEEP_CHECK === 0;
    [...this.watchers.keys()].forEach((dir) => this.check(dir, deep));
  }
}
