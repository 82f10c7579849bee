import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { timeInStates } from '../../src/lib/history-times';
import { at, event, sampleEvents } from './history-fixtures';

const LATER = at(12, 0, 0);

describe('timeInStates', () => {
  it('splits the sample job into 3 s pending and 600 s running, up to its finish', () => {
    expect(timeInStates(sampleEvents(), LATER)).toEqual({
      pend: 3,
      psusp: 0,
      run: 600,
      ususp: 0,
      ssusp: 0,
      unkwn: 0,
      total: 603,
      finished: true,
      asOfMs: at(9, 25, 4),
    });
  });

  it('counts an unfinished job up to now and reports now as the summary time', () => {
    const events = sampleEvents().slice(0, 3);
    const times = timeInStates(events, at(9, 20, 3));
    expect([times.pend, times.run, times.total, times.finished]).toEqual([3, 300, 303, false]);
    expect(times.asOfMs).toBe(at(9, 20, 3));
  });

  it('infers PEND from SUBMIT, PSUSP from a held SUBMIT and RUN from DISPATCH', () => {
    const held = [
      event('SUBMIT', at(9, 0, 0), { details: { hold: true } }),
      event('STATE', at(9, 0, 10), { toState: JobState.JOB_STATE_PEND, reason: 'Pending' }),
      event('DISPATCH', at(9, 0, 15)),
    ];
    const times = timeInStates(held, at(9, 0, 20));
    expect([times.psusp, times.pend, times.run]).toEqual([10, 5, 5]);
  });

  it('charges suspensions to USUSP and SSUSP', () => {
    const events = [
      ...sampleEvents().slice(0, 2),
      event('STATE', at(9, 16, 3), { toState: JobState.JOB_STATE_USUSP }),
      event('STATE', at(9, 16, 33), { toState: JobState.JOB_STATE_SSUSP }),
      event('STATE', at(9, 16, 43), { toState: JobState.JOB_STATE_RUN }),
      event('FINISH', at(9, 17, 3), { toState: JobState.JOB_STATE_EXIT }),
    ];
    const times = timeInStates(events, LATER);
    expect([times.pend, times.run, times.ususp, times.ssusp, times.total]).toEqual([
      3, 80, 30, 10, 123,
    ]);
  });

  it('counts the time the host was unreachable as UNKWN, whatever the job state', () => {
    const events = [
      ...sampleEvents().slice(0, 2),
      event('UNKNOWN_HOST', at(9, 16, 3)),
      event('RECONCILE', at(9, 18, 3), { toState: JobState.JOB_STATE_RUN }),
      event('FINISH', at(9, 19, 3), { toState: JobState.JOB_STATE_DONE }),
    ];
    const times = timeInStates(events, LATER);
    expect([times.run, times.unkwn, times.total]).toEqual([120, 120, 243]);
  });

  it('takes a toState of UNKWN as the same overlay', () => {
    const events = [
      ...sampleEvents().slice(0, 2),
      event('STATE', at(9, 16, 3), { toState: JobState.JOB_STATE_UNKWN }),
    ];
    expect(timeInStates(events, at(9, 16, 13)).unkwn).toBe(10);
  });

  it('counts an event stamped before its predecessor as no time', () => {
    const events = [
      event('SUBMIT', at(9, 0, 10)),
      event('DISPATCH', at(9, 0, 5)),
      event('FINISH', at(9, 0, 20), { toState: JobState.JOB_STATE_DONE }),
    ];
    const times = timeInStates(events, LATER);
    expect([times.pend, times.run, times.total]).toEqual([0, 10, 10]);
  });

  it('uses whole seconds of the stamps, as the event log does', () => {
    const events = [
      event('SUBMIT', at(9, 0, 0) + 900),
      event('FINISH', at(9, 0, 2) + 100, { toState: JobState.JOB_STATE_EXIT }),
    ];
    expect(timeInStates(events, LATER).pend).toBe(2);
  });

  it('gives a job without events no time at all', () => {
    expect(timeInStates([], LATER).total).toBe(0);
  });
});
