import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { displayCwd, eventSentences, hostList } from '../../src/render/history-sentences';
import { at, event, job } from '../lib/history-fixtures';

const T = at(9, 0, 0);

function say(kind: string, overrides: Parameters<typeof event>[2] = {}, owner = job()): string[] {
  return eventSentences(event(kind, T, overrides), owner, '/home/alice');
}

describe('eventSentences', () => {
  it('words a submission with the working directory under $HOME', () => {
    expect(
      say('SUBMIT', { details: { queue: 'night', fromHost: 'login02', cwd: '/home/alice/w' } }),
    ).toEqual(['Submitted from host <login02>, to Queue <night>, CWD <$HOME/w>']);
  });

  it('falls back on the job record for facts the event lacks', () => {
    expect(say('SUBMIT')).toEqual([
      'Submitted from host <login01>, to Queue <normal>, CWD <$HOME>',
    ]);
    expect(say('DISPATCH')).toEqual([
      'Dispatched 1 Task(s) on Host(s) <node07>, Allocated 1 Slot(s) on Host(s) <node07>',
    ]);
  });

  it('counts tasks per host on a dispatch over several slots', () => {
    expect(say('DISPATCH', { details: { hosts: ['n1', 'n1', 'n2'] } })).toEqual([
      'Dispatched 3 Task(s) on Host(s) <2*n1> <n2>, Allocated 3 Slot(s) on Host(s) <2*n1> <n2>',
    ]);
  });

  it('words a start as two sentences', () => {
    expect(say('START', { details: { pid: 42, execHome: '/h/a', execCwd: '/h/a/w' } })).toEqual([
      'Starting (Pid 42)',
      'Running with execution home </h/a>, Execution CWD </h/a/w>, Execution Pid <42>',
    ]);
  });

  it('names the signal and the user who asked for it', () => {
    expect(say('SIGNAL', { actor: 'root', details: { signal: 'KILL' } })).toEqual([
      'Signal <KILL> requested by user or administrator <root>',
    ]);
  });

  it('words bswitch and btop/bbot with the user who asked', () => {
    expect(say('SWITCH', { actor: 'bob', details: { from: 'normal', to: 'night' } })).toEqual([
      'Switched to Queue <night> by user or administrator <bob>',
    ]);
    expect(say('MOVE', { details: { position: 2, from: 'bottom' } })).toEqual([
      'Job moved to position 2 relative to <bottom> by user or administrator <alice>',
    ]);
  });

  it('lists what bmod changed', () => {
    expect(say('MODIFY', { details: { queue: 'night', runLimitSec: null } })).toEqual([
      'Parameters are modified to: Queue <night>, Run Limit <none>',
    ]);
  });

  it('prints the state change reason the server gives, or the state word without one', () => {
    const stop = {
      toState: JobState.JOB_STATE_USUSP,
      reason: 'Suspended by the user or administrator',
    };
    expect(say('STATE', stop)).toEqual(['Suspended by the user or administrator']);
    expect(say('STATE', { toState: JobState.JOB_STATE_RUN })).toEqual(['Running']);
    expect(say('STATE', { toState: JobState.JOB_STATE_PSUSP })).toEqual([
      'Suspended by the user or administrator while pending',
    ]);
  });

  it('words a successful finish with the CPU time to one decimal', () => {
    const done = { toState: JobState.JOB_STATE_DONE, details: { cpuTimeSec: 1.26 } };
    expect(say('FINISH', done)).toEqual(['Done successfully. The CPU time used is 1.3 seconds']);
  });

  it('words an exit with a code, by a signal, or without either, then its completion', () => {
    const exit = (details: object) => say('FINISH', { toState: JobState.JOB_STATE_EXIT, details });
    expect(exit({ exitCode: 3, cpuTimeSec: 0 })).toEqual([
      'Exited with exit code 3. The CPU time used is 0.0 seconds',
      'Completed <exit>',
    ]);
    const noCode = job({ hasExitCode: false });
    const bySignal = { toState: JobState.JOB_STATE_EXIT, details: { signal: 15 } };
    expect(say('FINISH', bySignal, noCode)).toEqual([
      'Exited by signal 15. The CPU time used is 0.0 seconds',
      'Completed <exit>',
    ]);
    expect(say('FINISH', { toState: JobState.JOB_STATE_EXIT }, noCode)).toEqual([
      'Exited. The CPU time used is 0.0 seconds',
      'Completed <exit>',
    ]);
  });

  it("takes the termination reason of the event's own run before the job's", () => {
    const requeued = job({ termReason: '' });
    const killed = { toState: JobState.JOB_STATE_EXIT, details: { termReason: 'TERM_OWNER' } };
    expect(say('FINISH', killed, requeued)[1]).toBe(
      'Completed <exit>; TERM_OWNER: job killed by owner',
    );
    const byItself = { toState: JobState.JOB_STATE_EXIT, details: { termReason: '' } };
    expect(say('FINISH', byItself, job({ termReason: 'TERM_OWNER' }))[1]).toBe('Completed <exit>');
  });

  it('adds the termination reason after an exit', () => {
    const killedByAdmin = job({ termReason: 'TERM_ADMIN', hasExitCode: false });
    expect(say('FINISH', { toState: JobState.JOB_STATE_EXIT }, killedByAdmin)).toEqual([
      'Exited. The CPU time used is 0.0 seconds',
      'Completed <exit>; TERM_ADMIN: job killed by root or LSF administrator',
    ]);
    const other = job({ termReason: 'TERM_RUNLIMIT' });
    expect(say('FINISH', { toState: JobState.JOB_STATE_EXIT }, other)[1]).toBe(
      'Completed <exit>; TERM_RUNLIMIT: job killed after reaching LSF run time limit',
    );
    const unknown = job({ termReason: 'TERM_SOMETHING' });
    expect(say('FINISH', { toState: JobState.JOB_STATE_EXIT }, unknown)[1]).toBe(
      'Completed <exit>; TERM_SOMETHING',
    );
  });

  it('words a job removed with bkill -r as forced to exit', () => {
    const removed = job({ termReason: 'TERM_FORCE_OWNER', hasExitCode: false });
    const forced = { toState: JobState.JOB_STATE_EXIT, details: { forced: true } };
    expect(say('FINISH', forced, removed)).toEqual([
      'Exited; job has been forced to exit',
      'Completed <exit>; TERM_FORCE_OWNER: job killed by owner without time for cleanup',
    ]);
  });

  it('says why a job whose files could not be opened never started', () => {
    const never = job({ hasExitCode: false, cpuTimeSec: 0 });
    const details = { startError: 'cannot open /etc/out: Permission denied' };
    expect(say('FINISH', { toState: JobState.JOB_STATE_EXIT, details }, never)).toEqual([
      'Exited; the job could not be started: cannot open /etc/out: Permission denied. ' +
        'The CPU time used is 0.0 seconds',
    ]);
  });

  it('words a requeue and its request as LSF does, whatever reason mbatchd recorded', () => {
    const back = { toState: JobState.JOB_STATE_PEND, reason: 'TERM_REQUEUE_OWNER' };
    expect(say('REQUEUE', back)).toEqual(['Pending: Job has been requeued']);
    const asked = { actor: 'alice', details: { hold: false } };
    expect(say('REQUEUE', asked)).toEqual([
      'Signal <REQUEUE_PEND> requested by user or administrator <alice>',
    ]);
    const askedHeld = { actor: 'root', details: { hold: true } };
    expect(say('REQUEUE', askedHeld)).toEqual([
      'Signal <REQUEUE_PSUSP> requested by user or administrator <root>',
    ]);
    const rerun = { toState: JobState.JOB_STATE_PEND, details: { host: 'node07', rerun: true } };
    expect(say('REQUEUE', rerun)).toEqual(['Exited; job will be requeued and rerun']);
  });

  it('tells how the run a requeue killed ended, before its return to pending', () => {
    const killed = {
      toState: JobState.JOB_STATE_PEND,
      details: { exitCode: 130, signal: 0, cpuTimeSec: 0.25 },
    };
    expect(say('REQUEUE', killed)).toEqual([
      'Exited with exit code 130. The CPU time used is 0.3 seconds',
      'Pending: Job has been requeued',
    ]);
  });

  it('words an unreachable host, and prints the reason of a kind it does not know', () => {
    expect(say('UNKNOWN_HOST')).toEqual(['Unknown; unable to reach the execution host']);
    expect(say('RECONCILE', { toState: JobState.JOB_STATE_RUN })).toEqual(['Running']);
    expect(say('SOMETHING_NEW', { reason: 'Pending: reason' })).toEqual(['Pending: reason']);
    expect(say('SOMETHING_NEW')).toEqual([]);
  });
});

describe('displayCwd', () => {
  it('shows directories under the home as $HOME', () => {
    expect(displayCwd('/home/alice', '/home/alice')).toBe('$HOME');
    expect(displayCwd('/home/alice/src/x', '/home/alice')).toBe('$HOME/src/x');
  });

  it('leaves other directories, and look-alike prefixes, as they are', () => {
    expect(displayCwd('/home/alicex', '/home/alice')).toBe('/home/alicex');
    expect(displayCwd('/scratch/run', '/home/alice')).toBe('/scratch/run');
    expect(displayCwd('/tmp', undefined)).toBe('/tmp');
    expect(displayCwd('/tmp', '/')).toBe('/tmp');
  });

  it('reads a relative or empty directory as relative to the home', () => {
    expect(displayCwd('', undefined)).toBe('$HOME');
    expect(displayCwd('work', undefined)).toBe('$HOME/work');
    expect(displayCwd('$HOME/work', undefined)).toBe('$HOME/work');
  });
});

describe('hostList', () => {
  it('keeps first-seen order and counts repeated hosts', () => {
    expect(hostList(['b', 'a', 'b'])).toBe('<2*b> <a>');
  });
});
