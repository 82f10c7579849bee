import { StartFileValueError } from '../../src/domain/errors';
import { percentDecode, percentEncode } from '../../src/domain/percent-encoding';
import { encodeStartFile, type StartFile } from '../../src/domain/start-file';

const START: StartFile = {
  command: 'echo hi',
  user: 'alice',
  uid: 1001,
  gid: 100,
  umask: 0o027,
  cwd: '/home/alice/run 1',
  stdin: '',
  stdout: '/home/alice/out',
  stdoutAppend: true,
  stderr: '',
  stderrAppend: false,
  spoolDir: '',
  stdoutDir: '',
  stderrDir: 'logs/',
  report: '\nDone @@ @ENDED@\n',
  submitMs: 1700000000123,
  preExec: '',
  postExec: 'rm -rf /scratch/$LSB_JOBID',
};

function fields(text: string): Map<string, string> {
  const lines = text.trimEnd().split('\n');
  return new Map(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('encodeStartFile', () => {
  it('writes one key=value line per field, numbers in decimal and the umask in octal', () => {
    const text = encodeStartFile(START);

    expect(text.endsWith('\n')).toBe(true);
    expect(Object.fromEntries(fields(text))).toEqual({
      version: '1',
      command: 'echo%20hi',
      user: 'alice',
      cwd: '/home/alice/run%201',
      stdin: '',
      stdout: '/home/alice/out',
      stderr: '',
      spool_dir: '',
      stdout_dir: '',
      stderr_dir: 'logs/',
      report: '%0ADone%20@@%20@ENDED@%0A',
      pre_exec: '',
      post_exec: 'rm%20-rf%20/scratch/$LSB_JOBID',
      uid: '1001',
      gid: '100',
      umask: '27',
      stdout_append: '1',
      stderr_append: '0',
      submit_ms: '1700000000123',
    });
  });

  it('keeps a multi-line command with percent signs and non-ASCII text on one line', () => {
    const command = 'printf "%s\\n" "héllo"\nexit 0\t# done';
    const encoded = fields(encodeStartFile({ ...START, command })).get('command')!;

    expect(encoded).toMatch(/^[\x21-\x7e]*$/);
    expect(encoded).not.toMatch(/%(?![0-9A-F]{2})/);
    expect(percentDecode(encoded)).toBe(command);
  });

  it('refuses a value holding a NUL byte, naming the field', () => {
    expect(() => encodeStartFile({ ...START, stdout: 'a\0b' })).toThrow(StartFileValueError);
    expect(() => encodeStartFile({ ...START, stdout: 'a\0b' })).toThrow('the stdout of the job');
  });
});

describe('percent encoding', () => {
  it('escapes %, spaces, controls, DEL and non-ASCII bytes only', () => {
    expect(percentEncode('a b%c\x7f=é/')).toBe('a%20b%25c%7F=%C3%A9/');
  });

  it('decodes what it encodes and refuses a broken escape', () => {
    const value = 'tab\there 100% ünïcode ✓';
    expect(percentDecode(percentEncode(value))).toBe(value);
    expect(percentDecode('bad%4')).toBeNull();
    expect(percentDecode('bad%zz')).toBeNull();
  });
});
