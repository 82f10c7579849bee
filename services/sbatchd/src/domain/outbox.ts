import fs from 'node:fs';
import path from 'node:path';
import { readIfExists, writeFileAtomic } from './atomic-file';
import { JobFileError } from './errors';
import { JobFile } from './job-dir';
import { isFinal, type JobReport } from './job-report';

/** Reports waiting for mbatchd's acknowledgement, with the directory of their job. */
export interface AckedReport {
  readonly jobDir: string;
  readonly report: JobReport;
}

/** The highest sequence number reserved so far, in the work directory. */
const SEQ_FILE = 'report-seq';

/** Sequence numbers are reserved on disk this many at a time, to write the file seldom. */
const SEQ_BLOCK = 1000;

/**
 * The reports not yet acknowledged by mbatchd. A job's final report is also kept in its
 * directory (reports.json), so that it survives an sbatchd restart and goes with the directory
 * when it is removed. The others (running, suspended) live in memory only: every registration
 * with mbatchd gives the current state of each job anyway, and not writing them spares the
 * file system two new files a job. Sequence numbers keep increasing across restarts: a block
 * is reserved on disk before any number of it is used.
 */
export class Outbox {
  private readonly byDir = new Map<string, JobReport[]>();
  private readonly dirBySeq = new Map<number, string>();
  private nextSeq: number;
  private reservedTo: number;
  private readonly seqFile: string;

  constructor(workDir: string) {
    this.seqFile = path.join(workDir, SEQ_FILE);
    const text = readIfExists(this.seqFile);
    this.reservedTo = text === null ? 0 : Number(text.trim());
    if (!Number.isSafeInteger(this.reservedTo) || this.reservedTo < 0) {
      throw new JobFileError(this.seqFile, 'not a sequence number');
    }
    this.nextSeq = this.reservedTo + 1;
  }

  /** Takes in the reports a job directory holds. Throws JobFileError if they are damaged. */
  loadDir(jobDir: string): void {
    const file = path.join(jobDir, JobFile.REPORTS);
    const text = readIfExists(file);
    if (text === null) {
      return;
    }

    let reports: JobReport[];
    try {
      reports = JSON.parse(text) as JobReport[];
    } catch (error) {
      throw new JobFileError(file, 'not valid JSON', { cause: error });
    }
    this.byDir.set(jobDir, reports);
    for (const report of reports) {
      this.dirBySeq.set(report.seq, jobDir);
      this.nextSeq = Math.max(this.nextSeq, report.seq + 1);
    }
  }

  /** Numbers the report, makes it durable in the job's directory and returns it. */
  add(jobDir: string, report: Omit<JobReport, 'seq'>): JobReport {
    const seq = this.takeSeq();
    const numbered: JobReport = { ...report, seq };
    const reports = [...(this.byDir.get(jobDir) ?? []), numbered];
    if (isFinal(numbered.state)) {
      this.store(jobDir, reports);
    }

    this.byDir.set(jobDir, reports);
    this.dirBySeq.set(seq, jobDir);
    return numbered;
  }

  /**
   * Drops the acknowledged reports and returns them. Unknown numbers (acknowledged twice, or
   * after their job was forgotten) are ignored.
   */
  acknowledge(seqs: readonly number[]): AckedReport[] {
    const acked: AckedReport[] = [];
    const finalAcked = new Set<string>();
    for (const seq of seqs) {
      const jobDir = this.dirBySeq.get(seq);
      const report = jobDir && this.byDir.get(jobDir)?.find((r) => r.seq === seq);
      if (jobDir && report) {
        acked.push({ jobDir, report });
        this.dirBySeq.delete(seq);
        if (isFinal(report.state)) {
          finalAcked.add(jobDir);
        }
      }
    }

    for (const jobDir of new Set(acked.map((entry) => entry.jobDir))) {
      const left = (this.byDir.get(jobDir) ?? []).filter((report) => this.dirBySeq.has(report.seq));
      if (finalAcked.has(jobDir) && fs.existsSync(jobDir)) {
        this.store(jobDir, left);
      }
      this.byDir.set(jobDir, left);
    }
    return acked;
  }

  /** Every unacknowledged report, oldest first: the order they must be re-sent in. */
  pending(): JobReport[] {
    return [...this.byDir.values()].flat().sort((a, b) => a.seq - b.seq);
  }

  /** The unacknowledged reports of one job, oldest first. */
  pendingFor(jobDir: string): readonly JobReport[] {
    return this.byDir.get(jobDir) ?? [];
  }

  /** Writes a job's final reports; none is no file. */
  private store(jobDir: string, reports: readonly JobReport[]): void {
    const file = path.join(jobDir, JobFile.REPORTS);
    const lasting = reports.filter((report) => isFinal(report.state));
    if (lasting.length > 0) {
      writeFileAtomic(file, JSON.stringify(lasting));
    } else {
      fs.rmSync(file, { force: true });
    }
  }

  /** Drops every report of a job whose directory is gone. */
  forget(jobDir: string): void {
    for (const report of this.byDir.get(jobDir) ?? []) {
      this.dirBySeq.delete(report.seq);
    }
    this.byDir.delete(jobDir);
  }

  private takeSeq(): number {
    if (this.nextSeq > this.reservedTo) {
      const reservedTo = this.nextSeq + SEQ_BLOCK - 1;
      writeFileAtomic(this.seqFile, `${reservedTo}\n`);
      this.reservedTo = reservedTo;
    }
    return this.nextSeq++;
  }
}
