import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import {
  JOBS_HEADER,
  nameTail,
  renderJobsTable,
  renderPendingJobsTable,
} from '../../src/render/jobs-table';
import { jobRecord, march4, pendingJob } from './job-fixtures';

const DEFAULT = { wide: false, pendingReasons: false };
const WIDE = { wide: true, pendingReasons: false };

const mpiSolver = jobRecord({
  jobId: 1202,
  execHosts: ['node03', 'node04', 'node04'],
  jobName: 'mpi_solver',
  command: 'mpirun ./solver -i input.dat',
  slots: 3,
  submitTimeMs: march4(9, 16),
});

const preprocess = pendingJob({
  jobId: 1203,
  queue: 'long',
  jobName: 'preprocess_data',
  command: './prep.sh',
  submitTimeMs: march4(9, 20),
  pendReason: 'Job dependency condition not satisfied;',
});

describe('renderJobsTable', () => {
  it('reproduces the default sample of lsf-cli.md 4.3 byte for byte', () => {
    const jobs = [jobRecord(), mpiSolver, preprocess];
    expect(renderJobsTable(jobs, DEFAULT)).toBe(
      [
        'JOBID   USER    STAT  QUEUE      FROM_HOST   EXEC_HOST   JOB_NAME   SUBMIT_TIME',
        '1201    alice   RUN   normal     login01     node07      sleep 600  Mar  4 09:15',
        '1202    alice   RUN   normal     login01     node03      mpi_solver Mar  4 09:16',
        '                                             node04',
        '                                             node04',
        '1203    alice   PEND  long       login01                 *cess_data Mar  4 09:20',
        '',
      ].join('\n'),
    );
  });

  it('reproduces the -w sample: nothing cut, hosts joined by colons, PEND shows a dash', () => {
    const wideHost = { fromHost: 'login01.example.com' };
    const jobs = [
      { ...mpiSolver, ...wideHost, execHosts: ['node03', 'node03', 'node04'] },
      { ...preprocess, ...wideHost },
    ];
    expect(renderJobsTable(jobs, WIDE)).toBe(
      [
        JOBS_HEADER,
        '1202    alice   RUN   normal     login01.example.com node03:node03:node04 mpi_solver ' +
          'Mar  4 09:16',
        '1203    alice   PEND  long       login01.example.com    -        preprocess_data ' +
          'Mar  4 09:20',
        '',
      ].join('\n'),
    );
  });

  it('cuts user, queue and hosts to their columns and lets a long job id push the row', () => {
    const job = jobRecord({
      jobId: 123456789,
      user: 'administrator',
      queue: 'verylongqueue',
      fromHost: 'submission-host-01',
      execHosts: ['execution-host-07'],
    });
    expect(renderJobsTable([job], DEFAULT).split('\n')[1]).toBe(
      '123456789 adminis RUN   verylongqu submission- execution-h sleep 600  Mar  4 09:15',
    );
  });

  it('prints "   -   " for a started job without hosts and for one killed while pending', () => {
    const killed = jobRecord({ state: JobState.JOB_STATE_EXIT, execHosts: [], startTimeMs: 0 });
    expect(renderJobsTable([killed], DEFAULT).split('\n')[1]).toBe(
      '1201    alice   EXIT  normal     login01        -        sleep 600  Mar  4 09:15',
    );
  });

  it('shows UNKWN for a job whose execution host does not answer', () => {
    const lost = jobRecord({ hostUnreachable: true });
    expect(renderJobsTable([lost], DEFAULT).split('\n')[1]).toMatch(/^1201 {4}alice {3}UNKWN /);
  });

  it('shows every status word', () => {
    const words = [
      JobState.JOB_STATE_PEND,
      JobState.JOB_STATE_PSUSP,
      JobState.JOB_STATE_RUN,
      JobState.JOB_STATE_SSUSP,
      JobState.JOB_STATE_USUSP,
      JobState.JOB_STATE_DONE,
      JobState.JOB_STATE_EXIT,
    ].map((state) =>
      renderJobsTable([jobRecord({ state })], DEFAULT)
        .split('\n')[1]
        .slice(16, 21),
    );
    expect(words).toEqual(['PEND ', 'PSUSP', 'RUN  ', 'SSUSP', 'USUSP', 'DONE ', 'EXIT ']);
  });

  it('lists the reasons under each pending job when -p comes with other options', () => {
    const waiting = pendingJob({ jobId: 1204, pendReason: 'A;\nB: 2 hosts;' });
    const out = renderJobsTable([jobRecord(), waiting], { wide: false, pendingReasons: true });
    expect(out.split('\n').slice(2)).toEqual([
      '1204    alice   PEND  normal     login01                 sleep 600  Mar  4 09:15',
      ' A;',
      ' B: 2 hosts;',
      '',
    ]);
  });

  it('shows the lines of a script read from stdin joined by ;', () => {
    const script = jobRecord({ jobName: 'cd /tmp\nmake\n' });
    expect(renderJobsTable([script], WIDE).split('\n')[1]).toContain(' cd /tmp;make ');
  });
});

describe('renderPendingJobsTable', () => {
  it('reproduces the -p sample of lsf-cli.md 4.3 byte for byte', () => {
    const bigMem = pendingJob({
      jobId: 1204,
      jobName: 'big_mem',
      submitTimeMs: march4(9, 22),
      pendReason:
        "Job's resource requirements not satisfied: 3 hosts;\nNot enough job slot(s): 2 hosts;",
    });
    expect(renderPendingJobsTable([preprocess, bigMem])).toBe(
      [
        'JOBID   USER    STAT  QUEUE       FROM_HOST      JOB_NAME           SUBMIT_TIME',
        '1203    alice   PEND  long        login01        preprocess_data    Mar  4 09:20',
        ' Job dependency condition not satisfied;',
        '1204    alice   PEND  normal      login01        big_mem            Mar  4 09:22',
        " Job's resource requirements not satisfied: 3 hosts;",
        ' Not enough job slot(s): 2 hosts;',
        '',
      ].join('\n'),
    );
  });

  it('adds the ; a reason line lacks and skips empty lines', () => {
    const job = pendingJob({ pendReason: 'New job is waiting for scheduling\n\n' });
    expect(renderPendingJobsTable([job]).split('\n')[2]).toBe(
      ' New job is waiting for scheduling;',
    );
  });

  it('keeps the end of a name longer than 20 and cuts it to 18 columns', () => {
    const job = pendingJob({ jobName: 'a_really_long_job_name_here' });
    const row = renderPendingJobsTable([job]).split('\n')[1];
    expect(row.slice(49, 68)).toBe('*_long_job_name_he ');
  });
});

describe('nameTail', () => {
  it('turns a name longer than the width into * and its last characters', () => {
    expect(nameTail('sleep 10000', 10)).toBe('*eep 10000');
    expect(nameTail('sleep 1000', 10)).toBe('sleep 1000');
  });
});
