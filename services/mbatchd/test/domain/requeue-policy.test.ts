import { Lsbe } from '../../../common/src/lsbe';
import type { JobState } from '../../src/domain/job';
import { decideRequeue, type RequeueKinds } from '../../src/domain/requeue-policy';
import { makeJob } from './job-fixture';

const DEFAULT: RequeueKinds = { running: false, done: false, exited: false };
const ALL: RequeueKinds = { running: true, done: true, exited: true };

function decide(state: JobState, kinds: Partial<RequeueKinds> = {}) {
  return decideRequeue(makeJob(state), { ...DEFAULT, ...kinds });
}

describe('decideRequeue', () => {
  it.each(['RUN', 'USUSP', 'SSUSP'] as const)('kills a %s job by default (-r)', (state) => {
    expect(decide(state)).toEqual({ kind: 'kill' });
    expect(decide(state, { running: true })).toEqual({ kind: 'kill' });
  });

  it('leaves finished jobs finished by default', () => {
    expect(decide('DONE')).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_FINISH });
    expect(decide('EXIT')).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_FINISH });
  });

  it('revives DONE jobs with -d and EXIT jobs with -e, each only with its own option', () => {
    expect(decide('DONE', { done: true })).toEqual({ kind: 'revive' });
    expect(decide('EXIT', { exited: true })).toEqual({ kind: 'revive' });
    expect(decide('EXIT', { done: true })).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_FINISH });
    expect(decide('DONE', { exited: true })).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_FINISH });
  });

  it('leaves a started job running when only finished jobs are asked for', () => {
    expect(decide('RUN', { done: true })).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_STARTED });
    expect(decide('RUN', { done: true, running: true })).toEqual({ kind: 'kill' });
  });

  it('takes every started and finished job with -a', () => {
    for (const state of ['RUN', 'USUSP', 'SSUSP'] as const) {
      expect(decideRequeue(makeJob(state), ALL)).toEqual({ kind: 'kill' });
    }
    expect(decideRequeue(makeJob('DONE'), ALL)).toEqual({ kind: 'revive' });
    expect(decideRequeue(makeJob('EXIT'), ALL)).toEqual({ kind: 'revive' });
  });

  it('refuses pending jobs whatever the options, and a requeue already under way', () => {
    expect(decideRequeue(makeJob('PEND'), ALL)).toEqual({
      kind: 'refuse',
      lsbe: Lsbe.NOT_STARTED,
    });
    expect(decide('PSUSP')).toEqual({ kind: 'refuse', lsbe: Lsbe.NOT_STARTED });
    const marked = { ...makeJob('RUN'), requeue: { hold: false, reason: 'TERM_REQUEUE_OWNER' } };
    expect(decideRequeue(marked, DEFAULT)).toEqual({ kind: 'refuse', lsbe: Lsbe.JOB_REQUEUED });
  });
});
