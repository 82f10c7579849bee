import { WrappingWriter } from '../../src/render/history-writer';

function wrap(...texts: string[]): string {
  const writer = new WrappingWriter();
  texts.forEach((text) => writer.write(text));
  return writer.toString();
}

const INDENT = ' '.repeat(21);

describe('WrappingWriter', () => {
  it('breaks at 79 columns mid-word with a 21-space continuation, as in the LSF sample', () => {
    expect(
      wrap('Tue Mar  4 09:15:00: Submitted from host <login01>, to Queue <normal>, CWD <$HOME>;\n'),
    ).toBe(
      'Tue Mar  4 09:15:00: Submitted from host <login01>, to Queue <normal>, CWD <$HO\n' +
        '                     ME>;\n',
    );
  });

  it('drops the space that falls on a break and keeps wrapping the continuation', () => {
    expect(
      wrap(
        'Tue Mar  4 09:15:03: Dispatched 1 Task(s) on Host(s) <node07>, Allocated 1 Slot(s) on ' +
          'Host(s) <node07>, Effective RES_REQ <select[type == local] order[r15s:pg] >;\n',
      ),
    ).toBe(
      'Tue Mar  4 09:15:03: Dispatched 1 Task(s) on Host(s) <node07>, Allocated 1 Slot\n' +
        '                     (s) on Host(s) <node07>, Effective RES_REQ <select[type ==\n' +
        '                     local] order[r15s:pg] >;\n',
    );
  });

  it('keeps its column across writes, as one line written in pieces', () => {
    const pieces = [
      'Tue Mar  4 09:15:03: Running with execution home </home/alice>,',
      ' Execution CWD </home/alice>,',
      ' Execution Pid <28817>;\n',
    ];
    expect(wrap(...pieces)).toBe(
      'Tue Mar  4 09:15:03: Running with execution home </home/alice>, Execution CWD <\n' +
        '                     /home/alice>, Execution Pid <28817>;\n',
    );
  });

  it('leaves a line of 21 spaces when a newline arrives exactly at column 79', () => {
    const line = 'x'.repeat(79);
    expect(wrap(`${line}\nnext\n`)).toBe(`${line}\n${INDENT}\nnext\n`);
  });

  it('starts counting again after every newline', () => {
    const line = 'y'.repeat(78);
    expect(wrap(`${line}\n${line}\n`)).toBe(`${line}\n${line}\n`);
  });

  it('drops only one space at a break', () => {
    expect(wrap(`${'z'.repeat(79)}  end`)).toBe(`${'z'.repeat(79)}\n${INDENT} end`);
  });
});
