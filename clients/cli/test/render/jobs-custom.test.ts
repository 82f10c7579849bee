import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { elementJobId } from '../../../../services/common/src/job-id';
import { parseJobsFormat } from '../../src/lib/jobs-format';
import { exitCodeField, memoryField } from '../../src/render/job-fields';
import { renderJobsCustom, renderJobsJson } from '../../src/render/jobs-custom';
import { jobRecord, march4 } from './job-fixtures';

const context = { homeOf: (user: string) => (user === 'alice' ? '/home/alice' : undefined) };

const done = jobRecord({
  jobId: 4242,
  state: JobState.JOB_STATE_DONE,
  hasExitCode: true,
  endTimeMs: march4(9, 20),
  cwd: '/home/alice/run/1',
});
const failed = jobRecord({
  jobId: 4243,
  state: JobState.JOB_STATE_EXIT,
  exitCode: 3,
  hasExitCode: true,
  endTimeMs: march4(9, 21),
});

describe('parseJobsFormat', () => {
  it('reads names in any case, aliases, widths, right alignment and the delimiter', () => {
    const format = parseJobsFormat("JobId stat:-6 name: proj:4:MB delimiter='|'");
    expect(format.delimiter).toBe('|');
    expect(
      format.columns.map((column) => [column.field.name, column.width, column.rightAligned]),
    ).toEqual([
      ['jobid', null, false],
      ['stat', 6, true],
      ['job_name', 10, false],
      ['proj_name', 4, false],
    ]);
  });

  it('refuses an unknown field', () => {
    expect(() => parseJobsFormat('jobid nosuch')).toThrow('nosuch: Illegal field name');
  });
});

describe('renderJobsCustom', () => {
  it('prints a header of upper-case names, `-` for empty values, and -noheader drops it', () => {
    const format = parseJobsFormat("jobid stat exit_code delimiter='|'");
    expect(renderJobsCustom([done, failed], format, context, true)).toBe(
      'JOBID|STAT|EXIT_CODE\n4242|DONE|-\n4243|EXIT|3\n',
    );
    expect(renderJobsCustom([failed], parseJobsFormat('stat'), context, false)).toBe('EXIT\n');
  });

  it("shows an array element as its array's id and its index, a plain job as index 0", () => {
    const element = jobRecord({ jobId: elementJobId(15, 2), jobName: 'a[2]' });
    expect(
      renderJobsCustom([element, done], parseJobsFormat('jobid jobindex'), context, false),
    ).toBe('15 2\n4242 0\n');
  });

  it('pads to a width and keeps the end of a long job name', () => {
    const long = jobRecord({ jobName: 'a_rather_long_job_name' });
    expect(renderJobsCustom([long], parseJobsFormat('name:8 stat:-5'), context, false)).toBe(
      '*ob_name   RUN\n',
    );
  });

  it('shows the submission directory relative to the home directory', () => {
    expect(renderJobsCustom([done], parseJobsFormat('sub_cwd'), context, false)).toBe(
      '$HOME/run/1\n',
    );
  });
});

describe('renderJobsJson', () => {
  it("writes LSF's layout: strings, escaped slashes, an ERROR record per missing id", () => {
    const format = parseJobsFormat('jobid stat exit_code sub_cwd');
    expect(renderJobsJson([done], [999], format, context)).toBe(
      [
        '{',
        '  "COMMAND":"bjobs",',
        '  "JOBS":2,',
        '  "RECORDS":[',
        '    {',
        '      "JOBID":"4242",',
        '      "STAT":"DONE",',
        '      "EXIT_CODE":"",',
        '      "SUB_CWD":"$HOME\\/run\\/1"',
        '    },',
        '    {',
        '      "JOBID":"999",',
        '      "ERROR":"Job <999> is not found"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderJobsJson([], [], format, context))).toEqual({
      COMMAND: 'bjobs',
      JOBS: 0,
      RECORDS: [],
    });
  });

  it('gives an array element its array id and index, and names a missing element as typed', () => {
    const element = jobRecord({ jobId: elementJobId(15, 1) });
    const json = renderJobsJson(
      [element],
      [elementJobId(15, 9)],
      parseJobsFormat('id jobindex'),
      context,
    );
    expect(JSON.parse(json)).toEqual({
      COMMAND: 'bjobs',
      JOBS: 2,
      RECORDS: [
        { JOBID: '15', JOBINDEX: '1' },
        { JOBID: '15[9]', ERROR: 'Job <15[9]> is not found' },
      ],
    });
  });
});

describe('job fields', () => {
  it('gives EXIT jobs their code, 128 + N after a signal, and DONE jobs none', () => {
    expect(exitCodeField(done)).toBe('');
    expect(exitCodeField(failed)).toBe('3');
    expect(exitCodeField({ ...failed, hasExitCode: false, exitSignal: 9 })).toBe('137');
  });

  it('counts pend_time from submission to the start, and takes the fields it cannot fill', () => {
    const format = parseJobsFormat('jobid pend_time time_left %complete estart_time');
    const started = jobRecord({ submitTimeMs: march4(9, 15), startTimeMs: march4(9, 15, 30) });

    expect(renderJobsCustom([started], format, context, true)).toBe(
      'JOBID PEND_TIME TIME_LEFT %COMPLETE ESTIMATED_START_TIME\n1201 30 second(s) - - -\n',
    );
  });

  it('prints memory in Mbytes, Gbytes above a gigabyte, nothing when unmeasured', () => {
    expect(memoryField(0)).toBe('');
    expect(memoryField(300)).toBe('1 Mbytes');
    expect(memoryField(850_000)).toBe('830 Mbytes');
    expect(memoryField(5.2 * 1024 * 1024)).toBe('5.2 Gbytes');
  });
});
