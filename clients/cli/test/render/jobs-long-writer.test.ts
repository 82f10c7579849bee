import { CONTINUATION_INDENT, wrapLongLine } from '../../src/render/jobs-long-writer';

const INDENT = ' '.repeat(21);

describe('wrapLongLine', () => {
  it('leaves a line shorter than 79 characters alone and ends it with a newline', () => {
    expect(wrapLongLine('Tue Mar  4 09:20:44: Submitted from host <login01>, CWD <$HOME>;')).toBe(
      'Tue Mar  4 09:20:44: Submitted from host <login01>, CWD <$HOME>;\n',
    );
  });

  it('breaks mid-word after column 79 as in the RUN sample of lsf-cli.md 4.4', () => {
    const line =
      'Job <1202>, Job Name <mpi_solver>, User <alice>, Project <default>, Status <RUN>, ' +
      'Queue <normal>, Command <mpirun ./solver -i input.dat>';
    expect(wrapLongLine(line)).toBe(
      'Job <1202>, Job Name <mpi_solver>, User <alice>, Project <default>, Status <RUN\n' +
        `${INDENT}>, Queue <normal>, Command <mpirun ./solver -i input.dat>\n`,
    );
  });

  it('keeps a space that lands in column 79, leaving it at the end of the line', () => {
    const line =
      'Tue Mar  4 09:16:02: Submitted from host <login01>, CWD <$HOME/run42>, Output File ' +
      '<out.%J>, 4 Processors Requested, Requested Resources <span[ptile=2]>;';
    expect(wrapLongLine(line)).toBe(
      'Tue Mar  4 09:16:02: Submitted from host <login01>, CWD <$HOME/run42>, Output F\n' +
        `${INDENT}ile <out.%J>, 4 Processors Requested, Requested Resources \n` +
        `${INDENT}<span[ptile=2]>;\n`,
    );
  });

  it('wraps over three lines as the Started line of the RUN sample', () => {
    const line =
      'Tue Mar  4 09:16:05: Started 4 Task(s) on Host(s) <2*node03> <2*node04>, Allocated 4 ' +
      'Slot(s) on Host(s) <2*node03> <2*node04>, Execution Home </home/alice>, Execution CWD ' +
      '</home/alice/run42>;';
    expect(wrapLongLine(line)).toBe(
      'Tue Mar  4 09:16:05: Started 4 Task(s) on Host(s) <2*node03> <2*node04>, Alloca\n' +
        `${INDENT}ted 4 Slot(s) on Host(s) <2*node03> <2*node04>, Execution \n` +
        `${INDENT}Home </home/alice>, Execution CWD </home/alice/run42>;\n`,
    );
  });

  it('drops the space that would open a continuation line, as before "on Host(s)"', () => {
    const line =
      'Tue Mar  4 10:02:13: Started 1 Task(s) on Host(s) <node07>, Allocated 1 Slot(s) on ' +
      'Host(s) <node07>, Execution Home </home/alice>, Execution CWD </home/alice>;';
    expect(wrapLongLine(line)).toBe(
      'Tue Mar  4 10:02:13: Started 1 Task(s) on Host(s) <node07>, Allocated 1 Slot(s)\n' +
        `${INDENT}on Host(s) <node07>, Execution Home </home/alice>, Executi\n` +
        `${INDENT}on CWD </home/alice>;\n`,
    );
  });

  it('puts a lone period on its own continuation line, as real LSF does', () => {
    const line = 'Tue Mar  4 10:02:40: Exited with exit code 42. The CPU time used is 0.4 seconds.';
    expect(wrapLongLine(line)).toBe(
      'Tue Mar  4 10:02:40: Exited with exit code 42. The CPU time used is 0.4 seconds\n' +
        `${INDENT}.\n`,
    );
  });

  it('drops the space before <PEND> and before "y Condition" in the PEND sample', () => {
    expect(
      wrapLongLine(
        'Job <1203>, Job Name <preprocess_data>, User <alice>, Project <default>, Status ' +
          '<PEND>, Queue <long>, Command <./prep.sh>',
      ),
    ).toBe(
      'Job <1203>, Job Name <preprocess_data>, User <alice>, Project <default>, Status\n' +
        `${INDENT}<PEND>, Queue <long>, Command <./prep.sh>\n`,
    );
    expect(
      wrapLongLine(
        'Tue Mar  4 09:20:44: Submitted from host <login01>, CWD <$HOME/data>, Dependency ' +
          'Condition <done(1202)>;',
      ),
    ).toBe(
      'Tue Mar  4 09:20:44: Submitted from host <login01>, CWD <$HOME/data>, Dependenc\n' +
        `${INDENT}y Condition <done(1202)>;\n`,
    );
  });

  it('follows a line of exactly 79 characters with a line holding only the indent', () => {
    const line = 'x'.repeat(79);
    expect(wrapLongLine(line)).toBe(`${line}\n${INDENT}\n`);
  });

  it('wraps a continuation again once it reaches column 79', () => {
    const out = wrapLongLine('y'.repeat(79 + 58 + 1));
    expect(out).toBe(`${'y'.repeat(79)}\n${INDENT}${'y'.repeat(58)}\n${INDENT}y\n`);
    expect(CONTINUATION_INDENT).toBe(INDENT);
  });
});
