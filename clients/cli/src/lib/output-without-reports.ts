/**
 * The job reports sbatchd appends to an output file: from the rule and `Sender:` line to the
 * closing sentence, with the `PS:` note that follows when stderr went to its own file.
 */
const REPORT = new RegExp(
  [
    '\\n-{60}\\nSender: LSF System <[\\s\\S]*?',
    'The output \\(if any\\) is above this job summary\\.\\n\\n',
    '(?:\\nPS:\\n\\nRead file <[^\\n]*> for stderr output of this job\\.\\n\\n)?',
  ].join(''),
  'g',
);

/** Where a report begins, also one not yet whole. */
const REPORT_START = '\n' + '-'.repeat(60) + '\nSender: LSF System <';

/**
 * A job output file's text without its job reports, as bpeek shows it: LSF's bpeek shows the
 * job's output only. A report still being written is cut off where it begins, so that text
 * shown once never has to be taken back.
 */
export function withoutJobReports(text: string): string {
  const stripped = text.replace(REPORT, '');
  const partial = stripped.indexOf(REPORT_START);
  return partial < 0 ? stripped : stripped.slice(0, partial);
}
