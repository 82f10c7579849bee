import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobOutputFiles } from '../../src/lib/job-output-files';
import { jobRecord } from '../render/job-fixtures';

describe('jobOutputFiles', () => {
  let spoolDir: string;

  beforeEach(() => {
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-spool-'));
  });

  afterEach(() => {
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  const submitTimeMs = 1_764_870_000_999;

  it('names the -o and -e files, relative ones under the working directory', () => {
    const job = jobRecord({ outputFile: 'out.%J', errorFile: '/logs/err.%J', cwd: '/w' });

    expect(jobOutputFiles(job, '/home/alice', spoolDir)).toEqual({
      stdout: '/w/out.1201',
      stderr: '/logs/err.1201',
    });
  });

  it('names the job file in an -o or -e directory, given with a trailing /', () => {
    const job = jobRecord({ outputFile: 'logs/', errorFile: '/logs/err/', cwd: '/w' });

    expect(jobOutputFiles(job, '/home/alice', spoolDir)).toEqual({
      stdout: '/w/logs/1201.out',
      stderr: '/logs/err/1201.err',
    });
  });

  it('finds the spool file of a job without -o in JOB_SPOOL_DIR', () => {
    const spooled = path.join(spoolDir, '1764870000.1201.out');
    fs.writeFileSync(spooled, 'output\n');

    const files = jobOutputFiles(jobRecord({ submitTimeMs }), '/home/alice', spoolDir);
    expect(files).toEqual({ stdout: spooled, stderr: null });
  });

  it("falls back to the user's .lsbatch, as sbatchd does when JOB_SPOOL_DIR is unusable", () => {
    const job = jobRecord({ submitTimeMs });

    expect(jobOutputFiles(job, '/home/alice', spoolDir).stdout).toBe(
      '/home/alice/.lsbatch/1764870000.1201.out',
    );
    expect(jobOutputFiles(job, '/home/alice', '').stdout).toBe(
      '/home/alice/.lsbatch/1764870000.1201.out',
    );
    expect(jobOutputFiles(job, undefined, '').stdout).toBeNull();
  });
});
