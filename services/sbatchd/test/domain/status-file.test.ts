import { JobFileError } from '../../src/domain/errors';
import { finalFacts, parseStatusFile } from '../../src/domain/status-file';

const USAGE = 'cpu_us=1500000\nmaxrss_kb=2048\nend_ms=1700000000123\n';

describe('parseStatusFile', () => {
  it('reads an exit code with the usage and end time', () => {
    const status = parseStatusFile(`exit_code=3\n${USAGE}`, 'status');

    expect(status).toEqual({
      outcome: { kind: 'exited', exitCode: 3 },
      cpuUs: 1_500_000,
      maxRssKb: 2048,
      endMs: 1_700_000_000_123,
    });
  });

  it('reads a terminating signal and a start failure with its decoded reason', () => {
    expect(parseStatusFile(`signal=9\n${USAGE}`, 'status').outcome).toEqual({
      kind: 'signaled',
      signal: 9,
    });
    expect(parseStatusFile(`error=cannot%20become%20uid\n${USAGE}`, 'status').outcome).toEqual({
      kind: 'not-started',
      reason: 'cannot become uid',
      jobFault: false,
    });
    const jobFiles = `error=cannot%20open%20x\nfault=job\n${USAGE}`;
    expect(parseStatusFile(jobFiles, 'status').outcome).toEqual({
      kind: 'not-started',
      reason: 'cannot open x',
      jobFault: true,
    });
  });

  it("reads a failed pre-exec command's status, which ends the attempt as EXIT", () => {
    const status = parseStatusFile(`pre_exec_exit=3\n${USAGE}`, 'status');

    expect(status.outcome).toEqual({ kind: 'pre-exec-failed', exitCode: 3 });
    expect(finalFacts(status)).toMatchObject({ state: 'EXIT', exitCode: 3, exitSignal: 0 });
  });

  it('refuses a file without an outcome or with a missing number', () => {
    expect(() => parseStatusFile(USAGE, 'jobs/1.1/status')).toThrow(JobFileError);
    expect(() => parseStatusFile('exit_code=0\ncpu_us=1\n', 'jobs/1.1/status')).toThrow(
      'jobs/1.1/status: maxrss_kb is missing or not a number',
    );
  });
});

describe('finalFacts', () => {
  it('makes exit code 0 DONE and anything else EXIT, with CPU time in seconds', () => {
    const done = finalFacts(parseStatusFile(`exit_code=0\n${USAGE}`, 'status'));
    const killed = finalFacts(parseStatusFile(`signal=15\n${USAGE}`, 'status'));

    expect(done).toEqual({
      state: 'DONE',
      exitCode: 0,
      exitSignal: 0,
      cpuTimeSec: 1.5,
      maxMemKb: 2048,
      timeMs: 1_700_000_000_123,
    });
    expect(killed).toMatchObject({ state: 'EXIT', exitCode: null, exitSignal: 15 });
  });
});
