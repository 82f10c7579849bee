import fs from 'node:fs';

import type { Logger } from '../../../common/src/logging';
import type { Job } from '../domain/job';
import { eventLogRecords, mbdDieRecord, mbdStartRecord } from '../domain/lsb-events';
import type { JobStore } from '../domain/store';

/** Meta keys of the last history event whose records are durable in the file, and the size. */
const MARK_SEQ = 'lsb_events_seq';
const MARK_OFFSET = 'lsb_events_offset';

/** How many history events one turn of the event loop renders. */
const PAGE = 2_000;

/** How often the file is synced and its mark recorded, when anything was written. */
const MARK_INTERVAL_MS = 1_000;

/**
 * Keeps `lsb.events` in step with the store's history, for readers of LSF's event log. The file
 * is derived: the store commits first, this appends the records afterwards. A mark in the
 * store (last event written, file size then) is recorded only after the file was synced, so
 * after a crash the file is cut back to the mark and the events after it are written again:
 * every event appears once, in order, whatever the moment of the crash.
 */
export class EventLogWriter {
  private fd: number | undefined;

  private writtenSeq = 0;

  private writtenOffset = 0;

  private markedOffset = 0;

  private pumpScheduled = false;

  private markTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly store: JobStore,
    private readonly jobs: (id: number) => Job | undefined,
    private readonly log: Logger,
  ) {}

  /** Opens the file, cuts it back to the last mark and catches up with the history. */
  open(master: string, cluster: string, hosts: number, queues: number): void {
    const fd = fs.openSync(this.file, 'a', 0o644);
    this.fd = fd;
    this.writtenSeq = this.store.readMeta(MARK_SEQ) ?? 0;
    const size = fs.fstatSync(fd).size;
    // Shorter than the mark: someone cut or replaced the file; go on from its end.
    this.writtenOffset = Math.min(size, this.store.readMeta(MARK_OFFSET) ?? 0);
    this.markedOffset = this.writtenOffset;
    fs.ftruncateSync(fd, this.writtenOffset);
    if (this.writtenOffset === 0) {
      this.append('# 0\n');
    }

    this.pumpAll();
    this.append(mbdStartRecord(Date.now(), master, cluster, hosts, queues));
    this.store.onCommitted(() => this.schedulePump());
    this.markTimer = setInterval(() => this.mark(), MARK_INTERVAL_MS);
    this.markTimer.unref();
  }

  /** Writes what is left and MBD_DIE, and stages the final mark; the store's close records it. */
  close(master: string): void {
    if (this.fd === undefined) {
      return;
    }
    clearInterval(this.markTimer);
    this.pumpAll();
    this.append(mbdDieRecord(Date.now(), master));
    this.mark();
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.fd === undefined) {
      return;
    }
    this.pumpScheduled = true;
    // After the commit's own continuations, which put the new jobs in memory.
    setImmediate(() => {
      this.pumpScheduled = false;
      if (this.pumpPage() === PAGE) {
        this.schedulePump();
      }
    });
  }

  private pumpAll(): void {
    let read = PAGE;
    while (read === PAGE && this.fd !== undefined) {
      read = this.pumpPage();
    }
  }

  /** Appends the records of up to PAGE new events; returns how many events it read. */
  private pumpPage(): number {
    const entries = this.store.eventsSince(this.writtenSeq, PAGE);
    if (entries.length === 0) {
      return 0;
    }
    let text = '';
    for (const { event } of entries) {
      const job = this.jobs(event.jobId);
      const uidOf = (user: string): number =>
        user === job?.spec.user ? job.spec.uid : user === 'root' ? 0 : -1;
      text += eventLogRecords(event, { job, uidOf }).join('');
    }
    this.append(text);
    this.writtenSeq = entries[entries.length - 1].seq;
    return entries.length;
  }

  private append(text: string): void {
    if (this.fd === undefined || text === '') {
      return;
    }
    try {
      const bytes = Buffer.from(text);
      fs.writeSync(this.fd, bytes);
      this.writtenOffset += bytes.length;
    } catch (error) {
      // The mark still names the last records known whole: a restart repairs the file.
      this.log.error('lsb.events not written; stopped until mbatchd restarts', {
        file: this.file,
        reason: (error as Error).message,
      });
      fs.closeSync(this.fd);
      this.fd = undefined;
      clearInterval(this.markTimer);
    }
  }

  private mark(): void {
    if (this.fd === undefined || this.writtenOffset === this.markedOffset) {
      return;
    }
    fs.fdatasyncSync(this.fd);
    this.store.stageMeta(MARK_SEQ, this.writtenSeq);
    this.store.stageMeta(MARK_OFFSET, this.writtenOffset);
    this.markedOffset = this.writtenOffset;
  }
}
