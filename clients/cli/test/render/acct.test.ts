import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { renderAcct } from '../../src/render/acct';
import { renderParamsAll } from '../../src/render/params';
import { jobRecord, march4 } from './job-fixtures';
import { parseLsbParams } from '../../../../services/common/src/config/lsb-params';

const failed = jobRecord({
  jobId: 1207,
  state: JobState.JOB_STATE_EXIT,
  exitCode: 42,
  hasExitCode: true,
  command: './flaky.sh',
  jobName: './flaky.sh',
  submitTimeMs: march4(10, 2, 11),
  startTimeMs: march4(10, 2, 13),
  endTimeMs: march4(10, 2, 40),
  cpuTimeSec: 0.4,
  maxMemKb: 3 * 1024,
});

describe('renderAcct', () => {
  it("prints LSF's per-job block with -l and the summary", () => {
    const text = renderAcct([failed], {
      long: true,
      users: 'all users',
      homeOf: () => '/home/alice',
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '',
      'Accounting information about jobs that are: ',
      '  - submitted by all users.',
    ]);
    expect(text).toContain(
      '\nJob <1207>, User <alice>, Project <default>, Status <EXIT>, Queue <normal>, Com\n' +
        '                     mand <./flaky.sh>\n' +
        'Tue Mar  4 10:02:11: Submitted from host <login01>, CWD <$HOME>;\n' +
        'Tue Mar  4 10:02:13: Dispatched to <node07>;\n' +
        'Tue Mar  4 10:02:40: Completed <exit>.\n',
    );
    expect(text).toContain(
      '     CPU_T     WAIT     TURNAROUND   STATUS     HOG_FACTOR    MEM    SWAP\n' +
        '      0.40        2             29     exit         0.0138     3M      0M\n',
    );
    expect(text).toContain(
      ' Total number of done jobs:       0      Total number of exited jobs:     1\n',
    );
  });

  it('leaves the job blocks out without -l', () => {
    expect(
      renderAcct([failed], { long: false, users: 'users alice', homeOf: () => undefined }),
    ).not.toContain('Job <1207>');
  });
});

describe('renderParamsAll', () => {
  it('lists every parameter, defaults included, then the other keys as written', () => {
    const params = parseLsbParams(
      'Begin Parameters\nCLEAN_PERIOD = 60\nRESOURCE_RESERVE_PER_TASK = Y\nEnd Parameters\n',
      'lsb.params',
    );
    const lines = renderParamsAll(params, march4(9, 0)).split('\n');
    expect(lines[0]).toBe('lsb.params configuration at Tue Mar  4 09:00:00 2025');
    expect(lines).toContain('    CLEAN_PERIOD = 60');
    expect(lines).toContain('    JOB_TERMINATE_INTERVAL = 10');
    expect(lines).toContain('    SBD_HEARTBEAT_INTERVAL = 5');
    expect(lines).toContain('    RECONNECT_BACKOFF_MAX = 10');
    expect(lines).toContain('    RESOURCE_RESERVE_PER_TASK = Y');
  });
});
