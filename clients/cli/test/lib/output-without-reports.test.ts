import { withoutJobReports } from '../../src/lib/output-without-reports';

/** A report as the shepherd appends it, with or without the PS note of a separate -e file. */
function report(jobId: number, errorFile = ''): string {
  const rule = '-'.repeat(60);
  const lines = [
    '',
    rule,
    'Sender: LSF System <alice@node03>',
    `Subject: Job ${jobId}: <echo hi> in cluster <c1> Done`,
    '',
    'Your job looked like:',
    '',
    rule,
    '# LSBATCH: User input',
    'echo hi',
    rule,
    '',
    'Successfully completed.',
    '',
    'The output (if any) is above this job summary.',
    '',
  ];
  const ps = errorFile
    ? ['', 'PS:', '', `Read file <${errorFile}> for stderr output of this job.`, '']
    : [];
  return [...lines, ...ps].join('\n') + '\n';
}

describe('withoutJobReports', () => {
  it('leaves output without a report as it is', () => {
    expect(withoutJobReports('one\ntwo\n')).toBe('one\ntwo\n');
  });

  it('drops every whole report, its PS note included, and keeps the output around them', () => {
    const text = `first run\n${report(7, 'err.7')}second run\n${report(7)}`;
    expect(withoutJobReports(text)).toBe('first run\nsecond run\n');
  });

  it('cuts a report still being written where it begins', () => {
    const whole = `out\n${report(8)}`;
    expect(withoutJobReports(whole.slice(0, 100))).toBe('out\n');
  });
});
