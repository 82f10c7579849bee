import { ctime } from '../../../common/src/ctime';
import { renderReportTemplate } from '../../src/domain/output-report';
import type { JobSpec } from '../../src/domain/job-spec';

const spec = {
  jobId: 1201,
  jobName: 'mail@example',
  command: 'sleep 600',
  queue: 'normal',
  execHosts: ['node03', 'node03', 'node04'],
  errorFile: '',
  submitTimeMs: new Date(2025, 2, 4, 9, 15, 0).getTime(),
  fromHost: 'login01',
} as unknown as JobSpec;
const user = { name: 'alice', uid: 1000, gid: 100, home: '/home/alice' };
const site = { hostName: 'node03', clusterName: 'cluster1', envDir: '/etc' };

describe('renderReportTemplate', () => {
  it("is LSF's report with tokens for what only the end knows, and @ doubled", () => {
    const lines = renderReportTemplate(spec, user, site, '/home/alice/run').split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '',
      '-'.repeat(60),
      'Sender: LSF System <alice@@node03>',
      'Subject: Job 1201: <mail@@example> in cluster <cluster1> @SUBJECT_END@',
      '',
      'Job <mail@@example> was submitted from host <login01> by user <alice> in cluster ' +
        '<cluster1> at Tue Mar  4 09:15:00 2025',
      'Job was executed on host(s) <2*node03>',
      `${' '.repeat(31)}<node04>, in queue <normal>, as user <alice> in cluster <cluster1> at ` +
        '@STARTED@',
    ]);
    const outcome = lines.indexOf('@OUTCOME@');
    expect(lines[outcome + 2]).toBe('Resource usage summary:');
    expect(lines[outcome + 4]).toBe(`    ${'CPU time :'.padEnd(45)}@CPU_TIME@`);
    expect(lines).toContain('# LSBATCH: User input');
    expect(lines).not.toContain('PS:');
  });

  it('ends with a PS note naming the error file when there is one', () => {
    const text = renderReportTemplate({ ...spec, errorFile: 'err.1201' }, user, site, '/tmp');
    expect(text.endsWith('\nPS:\n\nRead file <err.1201> for stderr output of this job.\n\n')).toBe(
      true,
    );
  });
});

describe('ctime', () => {
  it('pads the day with a space', () => {
    expect(ctime(new Date(2025, 2, 4, 9, 5, 3).getTime())).toBe('Tue Mar  4 09:05:03 2025');
  });
});
