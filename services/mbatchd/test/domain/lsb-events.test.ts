import { elementJobId } from '../../../common/src/job-id';
import type { HistoryEvent } from '../../src/domain/history-event';
import type { Job } from '../../src/domain/job';
import { eventLogRecords, mbdStartRecord } from '../../src/domain/lsb-events';
import { makeJob } from './job-fixture';

/**
 * Splits a record as gawk does with FPAT set to "a quoted string or a run of non-blanks", which
 * is how LSF event-log readers number fields; 1-based like awk's $n.
 */
function fields(line: string): string[] {
  return ['', ...(line.trimEnd().match(/"[^"]+"|[^ ]+/g) ?? [])];
}

function only(records: string[]): string[] {
  expect(records).toHaveLength(1);
  return fields(records[0]);
}

const owner = { uidOf: (user: string) => (user === 'alice' ? 1000 : -1) };

function event(job: Job, kind: HistoryEvent['kind'], extra: Partial<HistoryEvent> = {}) {
  return { jobId: job.id, timeMs: 1_700_000_123_456, kind, actor: 'alice', reason: '', ...extra };
}

describe('lsb.events records', () => {
  it('JOB_NEW has the user id in field 5 and the job name in field 42, as readers expect', () => {
    const job = makeJob('PEND', {
      jobName: 'Snakemake_rule_a___(1b2c-uuid)',
      command: 'python -m snakemake --target a',
      cwd: '/home/alice/my work',
      outputFile: '/home/alice/logs/%J.log',
      resReqs: ['span[hosts=1]', 'rusage[mem=100]'],
    });

    const f = only(eventLogRecords(event(job, 'SUBMIT', { to: 'PEND' }), { job, ...owner }));

    expect(f[1]).toBe('"JOB_NEW"');
    expect(f[3]).toBe('1700000123');
    expect(f[4]).toBe('101');
    expect(f[5]).toBe('1000');
    expect(f[42]).toBe('"Snakemake_rule_a___(1b2c-uuid)"');
    expect(f[43]).toBe('"python -m snakemake --target a"');
    expect(f).toContain('"/home/alice/my work"');
    expect(f).toContain('"span[hosts=1] rusage[mem=100]"');
  });

  it('JOB_STATUS has the job id in field 4 and LSF’s numeric status in field 5', () => {
    const job = makeJob('EXIT', {});
    job.exit = { exitCode: 3, cpuTimeSec: 1.5, maxMemKb: 10, endTimeMs: 1_700_000_200_000 };
    const finish = event(job, 'FINISH', { from: 'RUN', to: 'EXIT', details: { exitCode: 3 } });

    const f = only(eventLogRecords(finish, { job, ...owner }));

    expect(f.slice(1, 6)).toEqual(['"JOB_STATUS"', '"0.1"', '1700000123', '101', '32']);
    expect(f[11]).toBe(String(3 << 8));
  });

  it('writes each state as LSF codes it: PEND 1, PSUSP 2, RUN 4, USUSP 16, DONE 64', () => {
    const job = makeJob('RUN', {});
    const codes = (['PEND', 'PSUSP', 'USUSP', 'DONE'] as const).map(
      (to) => only(eventLogRecords(event(job, 'STATE', { to }), { job, ...owner }))[5],
    );

    expect(codes).toEqual(['1', '2', '16', '64']);
  });

  it('a dispatch is JOB_START with the hosts, a start is JOB_EXECUTE with the pid', () => {
    const job = makeJob('RUN', {});
    job.execHosts = ['host2', 'host2'];

    const start = only(eventLogRecords(event(job, 'DISPATCH', { to: 'RUN' }), { job, ...owner }));
    const execute = only(
      eventLogRecords(event(job, 'START', { details: { pid: 4242 } }), { job, ...owner }),
    );

    expect(start.slice(1, 2).concat(start.slice(4, 12))).toEqual([
      '"JOB_START"',
      '101',
      '4',
      '0',
      '0',
      '1.0',
      '2',
      '"host2"',
      '"host2"',
    ]);
    expect(execute[1]).toBe('"JOB_EXECUTE"');
    expect(execute[6]).toBe('4242');
  });

  it('a held submission adds JOB_STATUS PSUSP; a signal is JOB_SIGNAL with its name', () => {
    const job = makeJob('PSUSP', { hold: true });

    const held = eventLogRecords(event(job, 'SUBMIT', { to: 'PSUSP' }), { job, ...owner });
    const signal = only(
      eventLogRecords(event(job, 'SIGNAL', { actor: 'root', details: { signal: 'KILL' } }), {
        job,
        uidOf: () => 0,
      }),
    );

    expect(held.map((line) => fields(line)[1])).toEqual(['"JOB_NEW"', '"JOB_STATUS"']);
    expect(fields(held[1])[5]).toBe('2');
    expect(signal.slice(1, 2).concat(signal.slice(4))).toEqual([
      '"JOB_SIGNAL"',
      '101',
      '0',
      '0',
      '"KILL"',
      '0',
      '"root"',
    ]);
  });

  it('an array has one JOB_NEW named as submitted; its elements carry their index', () => {
    const first = makeJob('PEND', { jobName: 'sweep[1]' }, elementJobId(7, 1));
    const second = makeJob('PEND', { jobName: 'sweep[2]' }, elementJobId(7, 2));
    const submit = (job: Job, details?: Record<string, unknown>) =>
      eventLogRecords(event(job, 'SUBMIT', { to: 'PEND', details }), { job, ...owner });

    const news = [...submit(first, { arraySpec: 'sweep[1-2]' }), ...submit(second)];
    const done = only(
      eventLogRecords(event(second, 'STATE', { to: 'DONE' }), { job: second, ...owner }),
    );

    expect(news).toHaveLength(1);
    expect(fields(news[0])[4]).toBe('7');
    expect(fields(news[0])[42]).toBe('"sweep[1-2]"');
    expect([done[4], done[5], done[12]]).toEqual(['7', '64', '2']);
  });

  it('keeps a record on one line and its quotes readable', () => {
    const job = makeJob('PEND', { command: '#!/bin/sh\necho "hi"\n', jobName: 'x' });

    const [line] = eventLogRecords(event(job, 'SUBMIT', { to: 'PEND' }), { job, ...owner });

    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(line).toContain('"#!/bin/sh;echo ""hi"";"');
  });

  it('writes nothing for a job whose row is gone, or for events no reader uses', () => {
    const job = makeJob('RUN', {});

    expect(
      eventLogRecords(event(job, 'SUBMIT', { to: 'PEND' }), { job: undefined, ...owner }),
    ).toEqual([]);
    expect(eventLogRecords(event(job, 'UNKNOWN_HOST'), { job, ...owner })).toEqual([]);
    expect(mbdStartRecord(1_700_000_000_000, 'host2', 'c1', 3, 2)).toBe(
      '"MBD_START" "0.1" 1700000000 "host2" "c1" 3 2\n',
    );
  });
});
