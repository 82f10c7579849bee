import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { elementJobId } from '../../../../services/common/src/job-id';
import type { ListJobsResponse } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { JobsQuery, reportJobList } from '../../src/lib/jobs-query';
import { JOBS_HEADER, PENDING_JOBS_HEADER } from '../../src/render/jobs-table';
import { jobRecord, pendingJob } from '../render/job-fixtures';

const HOMES = { homeOf: () => '/home/alice' };

function query(overrides: Partial<JobsQuery> = {}): JobsQuery {
  return { ids: [], filters: {}, states: {}, wide: false, long: false, ...overrides };
}

function reply(overrides: Partial<ListJobsResponse> = {}): ListJobsResponse {
  return { lsbe: Lsbe.LSBE_NO_ERROR, jobs: [], missingJobIds: [], context: '', ...overrides };
}

describe('reportJobList', () => {
  it('prints the default table on stdout and exits 0', () => {
    const report = reportJobList(reply({ jobs: [jobRecord()] }), query(), HOMES);
    expect(report.stdout.split('\n')[0]).toBe(JOBS_HEADER);
    expect(report).toMatchObject({ stderr: '', exitCode: 0 });
  });

  it('says no unfinished job found on stderr and exits 255 when nothing matched', () => {
    const report = reportJobList(reply({ lsbe: Lsbe.LSBE_NO_JOB }), query(), HOMES);
    expect(report).toEqual({ stdout: '', stderr: 'No unfinished job found\n', exitCode: 255 });
  });

  it('words the nothing-matched text after the states and filters asked for', () => {
    const asked = query({ states: { pending: true }, filters: { queue: 'night' } });
    expect(reportJobList(reply(), asked, HOMES).stderr).toBe(
      'No pending job found in queue <night>\n',
    );
  });

  it('prints the jobs found and "is not found" for each missing id, exiting 255', () => {
    const found = reply({ jobs: [jobRecord()], missingJobIds: [77, 78] });
    const report = reportJobList(found, query({ ids: [1201, 77, 78] }), HOMES);
    expect(report.stdout).toContain('1201    alice   RUN');
    expect(report.stderr).toBe('Job <77> is not found\nJob <78> is not found\n');
    expect(report.exitCode).toBe(255);
  });

  it('prints only the missing ids when none of them exists', () => {
    const none = reply({ lsbe: Lsbe.LSBE_NO_JOB, missingJobIds: [77] });
    expect(reportJobList(none, query({ ids: [77] }), HOMES)).toEqual({
      stdout: '',
      stderr: 'Job <77> is not found\n',
      exitCode: 255,
    });
  });

  it('prints an unknown queue as lsb_perror does', () => {
    const refused = reply({ lsbe: Lsbe.LSBE_BAD_QUEUE, context: 'nosuch' });
    expect(reportJobList(refused, query({ filters: { queue: 'nosuch' } }), HOMES)).toEqual({
      stdout: '',
      stderr: 'nosuch: No such queue\n',
      exitCode: 255,
    });
  });

  it('uses the pending layout for -p alone, and the table with reasons for -p -w', () => {
    const jobs = reply({ jobs: [pendingJob()] });
    const alone = reportJobList(jobs, query({ states: { pending: true } }), HOMES);
    expect(alone.stdout.split('\n')[0]).toBe(PENDING_JOBS_HEADER);
    const wide = reportJobList(jobs, query({ states: { pending: true }, wide: true }), HOMES);
    expect(wide.stdout.split('\n').slice(0, 3)).toEqual([
      JOBS_HEADER,
      expect.stringMatching(/^1201 /),
      ' New job is waiting for scheduling;',
    ]);
  });

  it('shows -A of an array named by id whose elements all finished, unlike plain -A', () => {
    const done = [1, 2].map((index) =>
      jobRecord({
        jobId: elementJobId(15, index),
        jobName: `a[${index}]`,
        state: JobState.JOB_STATE_DONE,
        arrayIndex: index,
        arrayJobId: 15,
      }),
    );
    const named = reportJobList(reply({ jobs: done }), query({ arrays: true, ids: [15] }), HOMES);
    expect(named.stdout.split('\n')[1]).toBe(
      '15       a[1-2]      alice       2    0    2    0    0     0     0     0',
    );
    expect(named.exitCode).toBe(0);
    expect(reportJobList(reply({ jobs: done }), query({ arrays: true }), HOMES)).toEqual({
      stdout: '',
      stderr: 'No unfinished job found\n',
      exitCode: 255,
    });
  });

  it("gives LSF's words for -A of an id that is no array, or that names nothing", () => {
    const plain = jobRecord({ jobId: 16 });
    const element = jobRecord({ jobId: elementJobId(15, 2), arrayIndex: 2, arrayJobId: 15 });
    const asked = query({ arrays: true, ids: [16, elementJobId(15, 2), 99] });
    const report = reportJobList(
      reply({ jobs: [plain, element], missingJobIds: [99] }),
      asked,
      HOMES,
    );
    expect(report.stderr).toBe(
      'Job <16> is not a job array\nJob <15[2]> is not a job array\n' +
        'Job array <99> is not found\n',
    );
    expect(report.exitCode).toBe(255);
  });

  it('uses the long format for -l', () => {
    const report = reportJobList(reply({ jobs: [jobRecord()] }), query({ long: true }), HOMES);
    expect(report.stdout).toMatch(/^\nJob <1201>, User <alice>/);
  });
});
