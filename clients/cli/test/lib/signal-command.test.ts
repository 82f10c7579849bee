import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { SignalAction } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import {
  reportSignalReply,
  SignalTarget,
  signalTarget,
  signalVerb,
} from '../../src/lib/signal-command';

const USAGE = 'Usage: bstop [-m host_name] [-q queue_name]';

function target(overrides: Partial<SignalTarget> = {}): SignalTarget {
  return { ids: [1201], allMatching: false, filters: {}, ...overrides };
}

describe('signalTarget', () => {
  it('takes explicit ids with the filters', () => {
    expect(signalTarget(['1201', '1202'], { queue: 'night' }, USAGE)).toEqual({
      ids: [1201, 1202],
      allMatching: false,
      filters: { queue: 'night' },
    });
  });

  it('turns job id 0 into every matching job', () => {
    expect(signalTarget(['0'], { user: 'all' }, USAGE)).toEqual({
      ids: [],
      allMatching: true,
      filters: { user: 'all' },
    });
  });

  it('takes filters alone, which mean the newest matching job', () => {
    expect(signalTarget([], { jobName: 'sim' }, USAGE)).toEqual({
      ids: [],
      allMatching: false,
      filters: { jobName: 'sim' },
    });
  });

  it("refuses neither ids nor filters with OpenLava's words, then the usage", () => {
    expect(() => signalTarget([], {}, USAGE)).toThrow(
      `Job ID or one of '-m', '-u' '-q' and '-J' must be specified.\n${USAGE}`,
    );
  });
});

describe('signalVerb', () => {
  it('follows the action of bkill, bstop and bresume', () => {
    expect(signalVerb(SignalAction.SIGNAL_ACTION_KILL)).toBe('terminated');
    expect(signalVerb(SignalAction.SIGNAL_ACTION_STOP)).toBe('stopped');
    expect(signalVerb(SignalAction.SIGNAL_ACTION_RESUME)).toBe('resumed');
  });

  it('follows the signal of bkill -s, as OpenLava does', () => {
    expect(signalVerb(SignalAction.SIGNAL_ACTION_SIGNAL, 10)).toBe('signaled');
    expect(signalVerb(SignalAction.SIGNAL_ACTION_SIGNAL, 9)).toBe('terminated');
    expect(signalVerb(SignalAction.SIGNAL_ACTION_SIGNAL, 19)).toBe('stopped');
    expect(signalVerb(SignalAction.SIGNAL_ACTION_SIGNAL, 18)).toBe('resumed');
  });
});

describe('reportSignalReply', () => {
  it('prints one stdout line per accepted job and exits 0', () => {
    const reply = {
      lsbe: Lsbe.LSBE_NO_ERROR,
      results: [
        { jobId: 1201, lsbe: Lsbe.LSBE_NO_ERROR, context: '' },
        { jobId: 1202, lsbe: Lsbe.LSBE_NO_ERROR, context: '' },
      ],
    };
    expect(reportSignalReply(reply, target({ ids: [1201, 1202] }), 'terminated')).toEqual({
      stdout: 'Job <1201> is being terminated\nJob <1202> is being terminated\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints refused jobs on stderr with the LSBE text and exits 255, keeping successes', () => {
    const reply = {
      lsbe: Lsbe.LSBE_NO_ERROR,
      results: [
        { jobId: 1201, lsbe: Lsbe.LSBE_JOB_FINISH, context: '' },
        { jobId: 1202, lsbe: Lsbe.LSBE_NO_ERROR, context: '' },
        { jobId: 9, lsbe: Lsbe.LSBE_NO_JOB, context: '' },
        { jobId: 1203, lsbe: Lsbe.LSBE_JOB_SUSP, context: '' },
      ],
    };
    expect(reportSignalReply(reply, target(), 'stopped')).toEqual({
      stdout: 'Job <1202> is being stopped\n',
      stderr:
        'Job <1201>: Job has already finished\n' +
        'Job <9>: No matching job found\n' +
        'Job <1203>: Operation not supported for a suspended job\n',
      exitCode: 255,
    });
  });

  it('answers each explicit id with "No matching job found" when mbatchd found none', () => {
    const reply = { lsbe: Lsbe.LSBE_NO_JOB, results: [] };
    expect(reportSignalReply(reply, target({ ids: [7, 8] }), 'resumed')).toEqual({
      stdout: '',
      stderr: 'Job <7>: No matching job found\nJob <8>: No matching job found\n',
      exitCode: 255,
    });
  });

  it('prints the bjobs-style text when filters matched nothing', () => {
    const reply = { lsbe: Lsbe.LSBE_NO_JOB, results: [] };
    const filtered = target({ ids: [], allMatching: true, filters: { queue: 'night' } });
    expect(reportSignalReply(reply, filtered, 'terminated')).toEqual({
      stdout: '',
      stderr: 'No unfinished job found in queue <night>\n',
      exitCode: 255,
    });
  });

  it('names the unknown user when mbatchd refuses the -u value', () => {
    const reply = { lsbe: Lsbe.LSBE_BAD_USER, results: [] };
    const byUser = target({ ids: [], filters: { user: 'bob' } });
    expect(reportSignalReply(reply, byUser, 'terminated')).toEqual({
      stdout: '',
      stderr: 'bob: Unknown user\n',
      exitCode: 255,
    });
  });
});
