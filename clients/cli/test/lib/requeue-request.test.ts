import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import {
  REQUEUE_USAGE,
  type RequeueOptions,
  reportRequeueReply,
  requeueTarget,
} from '../../src/lib/requeue-request';

const NONE: RequeueOptions = {
  done: false,
  exited: false,
  running: false,
  all: false,
  hold: false,
};

function target(words: string[], options: Partial<RequeueOptions> = {}) {
  return requeueTarget(words, { ...NONE, ...options }, 'alice');
}

describe('requeueTarget', () => {
  it('asks for started jobs by default, the server reading no kind as -r', () => {
    const { request } = target(['1201', '1300[2]']);
    expect(request).toMatchObject({
      jobIds: [1201, 2 * 2 ** 32 + 1300],
      done: false,
      exited: false,
      running: false,
      hold: false,
      requester: 'alice',
      allMatching: false,
    });
  });

  it('adds -d, -e and -r up, and makes -a all three', () => {
    expect(target(['1'], { done: true, exited: true }).request).toMatchObject({
      done: true,
      exited: true,
      running: false,
    });
    expect(target(['1'], { all: true, hold: true }).request).toMatchObject({
      done: true,
      exited: true,
      running: true,
      hold: true,
    });
  });

  it('lets filters look among unfinished jobs for -r, finished for -d or -e, all for -a', () => {
    expect(target([], { jobName: 'sim' }).request.selection).toMatchObject({
      jobIds: [],
      jobName: 'sim',
      finished: false,
      all: false,
    });
    expect(target([], { user: 'all', exited: true }).request.selection).toMatchObject({
      user: 'all',
      finished: true,
      all: false,
    });
    expect(target(['0'], { user: 'bob', all: true }).request).toMatchObject({
      jobIds: [],
      allMatching: true,
      selection: { user: 'bob', all: true },
    });
  });

  it('refuses to pick a job of its own accord, and refuses a bad id', () => {
    expect(() => target([])).toThrow(REQUEUE_USAGE);
    expect(() => target(['12x'])).toThrow('12x: Illegal job ID.');
  });
});

describe('reportRequeueReply', () => {
  it("prints each job's outcome, refusals with OpenLava's space before the colon", () => {
    const reply = {
      lsbe: Lsbe.LSBE_NO_ERROR,
      context: '',
      results: [
        { jobId: 1201, lsbe: Lsbe.LSBE_NO_ERROR, context: '' },
        { jobId: 1202, lsbe: Lsbe.LSBE_JOB_FINISH, context: '' },
      ],
    };
    expect(reportRequeueReply(reply, target(['1201', '1202']))).toEqual({
      stdout: 'Job <1201> is being requeued\n',
      stderr: 'Job <1202> : Job has already finished\n',
      exitCode: 255,
    });
  });

  it('says as bjobs does that the filters matched nothing, or why they were refused', () => {
    const none = { lsbe: Lsbe.LSBE_NO_JOB, context: '', results: [] };
    expect(reportRequeueReply(none, target([], { jobName: 'sim' }))).toEqual({
      stdout: '',
      stderr: 'Job <sim> is not found\n',
      exitCode: 255,
    });
    expect(reportRequeueReply(none, target([], { user: 'bob', done: true })).stderr).toBe(
      'No DONE/EXIT job found\n',
    );
    const badUser = { lsbe: Lsbe.LSBE_BAD_USER, context: '', results: [] };
    expect(reportRequeueReply(badUser, target([], { user: 'nobody9' })).stderr).toBe(
      'nobody9: Unknown user\n',
    );
  });
});
