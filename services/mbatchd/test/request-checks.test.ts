import { JobSubmission } from '../../common/src/generated/lavalite/v1/batch';
import { JobSelection } from '../../common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../common/src/lsbe';
import { checkNames, checkSelection, checkSubmission, REQUEST_LIMITS } from '../src/request-checks';

const submission = (fields: Partial<JobSubmission>): JobSubmission =>
  JobSubmission.fromPartial({ command: 'sleep 1', cwd: '/home/alice', umask: 0o22, ...fields });

describe('checkSubmission', () => {
  it('passes an ordinary submission on', () => {
    expect(checkSubmission(submission({ env: { PATH: '/bin' }, hosts: ['host2'] }))).toBeNull();
  });

  it.each([
    [
      'a command over the limit',
      { command: 'x'.repeat(REQUEST_LIMITS.commandBytes + 1) },
      Lsbe.BAD_CMD,
    ],
    ['a NUL byte in the command', { command: 'echo \0' }, Lsbe.BAD_CMD],
    ['a job name with a newline', { jobName: 'a\nb' }, Lsbe.BAD_JOB],
    ['a queue name with blanks', { queue: 'no such queue' }, Lsbe.BAD_QUEUE],
    ['a relative cwd', { cwd: 'tmp' }, Lsbe.BAD_ARG],
    ['an output path over the limit', { outputFile: `/${'d'.repeat(5000)}` }, Lsbe.BAD_ARG],
    ['a umask over 0777', { umask: 0o1000 }, Lsbe.BAD_ARG],
    ['too many hosts', { hosts: Array(REQUEST_LIMITS.listEntries + 1).fill('h') }, Lsbe.BAD_HOST],
    ['an environment variable name with =', { env: { 'A=B': 'c' } }, Lsbe.BAD_ARG],
    [
      'an environment over the limit',
      { env: { BIG: 'x'.repeat(REQUEST_LIMITS.envBytes) } },
      Lsbe.BAD_ARG,
    ],
  ])('refuses %s', (_what, fields, lsbe) => {
    expect(checkSubmission(submission(fields as Partial<JobSubmission>))?.lsbe).toBe(lsbe);
  });
});

describe('checkSelection and checkNames', () => {
  it('refuses ids that are not positive, and too many of them', () => {
    expect(checkSelection(JobSelection.fromPartial({ jobIds: [1, 2] }))).toBeNull();
    expect(checkSelection(JobSelection.fromPartial({ jobIds: [0] }))?.lsbe).toBe(Lsbe.BAD_JOBID);
    expect(checkSelection(JobSelection.fromPartial({ jobIds: [-5] }))?.lsbe).toBe(Lsbe.BAD_JOBID);
    const many = JobSelection.fromPartial({ jobIds: Array(REQUEST_LIMITS.jobIds + 1).fill(1) });
    expect(checkSelection(many)?.lsbe).toBe(Lsbe.BAD_ARG);
  });

  it('refuses names with blanks or over the limit', () => {
    expect(checkNames(['host2', 'all'])).toBeNull();
    expect(checkNames(['a b'])?.lsbe).toBe(Lsbe.BAD_ARG);
    expect(checkNames(['x'.repeat(300)])?.lsbe).toBe(Lsbe.BAD_ARG);
  });
});
