import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobReport } from '../../src/domain/job-report';
import { Outbox } from '../../src/domain/outbox';

let workDir: string;

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-outbox-'));
});

function jobDir(name: string): string {
  const dir = path.join(workDir, 'jobs', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function report(jobId: number, state: JobReport['state']): Omit<JobReport, 'seq'> {
  const ended = state === 'DONE' || state === 'EXIT';
  return {
    jobId,
    attempt: 1,
    state,
    pid: 100 + jobId,
    exitCode: ended ? 0 : null,
    exitSignal: 0,
    cpuTimeSec: 0,
    maxMemKb: 0,
    timeMs: 1_700_000_000_000,
  };
}

describe('Outbox', () => {
  it('numbers reports with increasing sequence numbers and keeps them in the job directory', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');

    const first = outbox.add(a, report(1, 'RUN'));
    const second = outbox.add(a, report(1, 'DONE'));

    expect(second.seq).toBe(first.seq + 1);
    const stored = JSON.parse(fs.readFileSync(path.join(a, 'reports.json'), 'utf8'));
    expect(stored).toEqual([first, second]);
  });

  it('re-sends every unacknowledged report oldest first, across jobs and a reload', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const b = jobDir('2.1');
    const made = [
      outbox.add(a, report(1, 'RUN')),
      outbox.add(b, report(2, 'RUN')),
      outbox.add(a, report(1, 'USUSP')),
      outbox.add(b, report(2, 'EXIT')),
    ];

    const reloaded = new Outbox(workDir);
    reloaded.loadDir(b);
    reloaded.loadDir(a);
    expect(reloaded.pending()).toEqual(made);
    expect(reloaded.pendingFor(b)).toEqual([made[1], made[3]]);
  });

  it('drops acknowledged reports, on disk too, and ignores unknown numbers', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const run = outbox.add(a, report(1, 'RUN'));
    const done = outbox.add(a, report(1, 'DONE'));

    const acked = outbox.acknowledge([run.seq, 9999, run.seq]);
    expect(acked).toEqual([{ jobDir: a, report: run }]);
    expect(outbox.pending()).toEqual([done]);
    const reloaded = new Outbox(workDir);
    reloaded.loadDir(a);
    expect(reloaded.pending()).toEqual([done]);
  });

  it('never reuses a sequence number after a restart, even when the jobs are gone', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const last = outbox.add(a, report(1, 'DONE'));
    outbox.forget(a);
    fs.rmSync(a, { recursive: true });

    const next = new Outbox(workDir).add(jobDir('2.1'), report(2, 'RUN'));
    expect(next.seq).toBeGreaterThan(last.seq);
  });

  it('forgets the reports of a removed job', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const run = outbox.add(a, report(1, 'RUN'));

    outbox.forget(a);
    expect(outbox.pending()).toEqual([]);
    expect(outbox.acknowledge([run.seq])).toEqual([]);
  });
});
