import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobReport } from '../../src/domain/job-report';
import { Outbox } from '../../src/domain/outbox';

let workDir: string;

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-outbox-'));
});

afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
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
  it('numbers reports in order and keeps the final ones in the job directory', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');

    const first = outbox.add(a, report(1, 'RUN'));
    expect(fs.existsSync(path.join(a, 'reports.json'))).toBe(false);
    const second = outbox.add(a, report(1, 'DONE'));

    expect(second.seq).toBe(first.seq + 1);
    expect(outbox.pendingFor(a)).toEqual([first, second]);
    const stored = JSON.parse(fs.readFileSync(path.join(a, 'reports.json'), 'utf8'));
    expect(stored).toEqual([second]);
  });

  it('re-sends every unacknowledged report oldest first; a reload keeps the final ones', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const b = jobDir('2.1');
    const made = [
      outbox.add(a, report(1, 'RUN')),
      outbox.add(b, report(2, 'RUN')),
      outbox.add(a, report(1, 'USUSP')),
      outbox.add(b, report(2, 'EXIT')),
      outbox.add(a, report(1, 'DONE')),
    ];
    expect(outbox.pending()).toEqual(made);

    const reloaded = new Outbox(workDir);
    reloaded.loadDir(b);
    reloaded.loadDir(a);
    expect(reloaded.pending()).toEqual([made[3], made[4]]);
    expect(reloaded.pendingFor(b)).toEqual([made[3]]);
  });

  it('drops acknowledged reports, on disk too, and ignores unknown numbers', () => {
    const outbox = new Outbox(workDir);
    const a = jobDir('1.1');
    const b = jobDir('2.1');
    const run = outbox.add(a, report(1, 'RUN'));
    const done = outbox.add(a, report(1, 'DONE'));
    const exit = outbox.add(b, report(2, 'EXIT'));

    const acked = outbox.acknowledge([run.seq, 9999, run.seq, exit.seq]);
    expect(acked).toEqual([
      { jobDir: a, report: run },
      { jobDir: b, report: exit },
    ]);
    expect(outbox.pending()).toEqual([done]);
    expect(fs.existsSync(path.join(b, 'reports.json'))).toBe(false);
    const reloaded = new Outbox(workDir);
    reloaded.loadDir(a);
    reloaded.loadDir(b);
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
