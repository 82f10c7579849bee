import type { Job } from '../../src/domain/job';
import { isUnconfirmed, startOverdue } from '../../src/domain/start-confirmation';
import { makeJob } from './job-fixture';

function dispatched(attempt: number, changes: Partial<Job> = {}): Job {
  return { ...makeJob('RUN'), execHosts: ['host3'], dispatchAttempt: attempt, ...changes };
}

describe('startOverdue', () => {
  const sent = { attempt: 2, sentAtMs: 10_000 };

  it('asks for a resend once the start has gone unconfirmed for the timeout', () => {
    expect(startOverdue(dispatched(2), sent, 14_999, 5_000)).toBe(false);
    expect(startOverdue(dispatched(2), sent, 15_000, 5_000)).toBe(true);
  });

  it('treats a start as confirmed once a report gave the pid', () => {
    expect(startOverdue(dispatched(2, { pid: 4242 }), sent, 60_000, 5_000)).toBe(false);
  });

  it('never resends an attempt the job has left, or a job that is no longer started', () => {
    expect(startOverdue(dispatched(3), sent, 60_000, 5_000)).toBe(false);
    expect(startOverdue(dispatched(2, { state: 'EXIT' }), sent, 60_000, 5_000)).toBe(false);
    expect(startOverdue(dispatched(2, { state: 'PEND' }), sent, 60_000, 5_000)).toBe(false);
    expect(isUnconfirmed(undefined, sent)).toBe(false);
  });

  it('still resends for a job suspended before its start was confirmed', () => {
    expect(startOverdue(dispatched(2, { state: 'USUSP' }), sent, 60_000, 5_000)).toBe(true);
  });
});
