import { ConfigError } from '../../src/config/config-error';
import { parseLsfConf, readLsfConfEntries } from '../../src/config/lsf-conf';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/lsf.conf';

function failure(text: string): ConfigError {
  return configErrorOf(() => parseLsfConf(text, FILE));
}

describe('parseLsfConf', () => {
  it('reads a realistic lsf.conf with comments, quotes and a continued line', () => {
    const text = lines(
      '# LSF configuration for the test cluster',
      '',
      'LSF_CLUSTER_NAME=lavalite   # the name used for lsf.cluster.<name>',
      'LSF_CONFDIR=/etc/lsf/conf',
      'LSF_MASTER_LIST="hostA \\',
      '   hostB"',
      "LSF_LOG_MASK='LOG_INFO'",
      '   LSF_LIM_PORT = 7869',
      '#LSB_SHAREDIR=/old/work',
      'LSB_SHAREDIR=/var/lsf/work',
    );

    const conf = parseLsfConf(text, FILE);

    expect([...conf.entries()]).toEqual([
      ['LSF_CLUSTER_NAME', 'lavalite'],
      ['LSF_CONFDIR', '/etc/lsf/conf'],
      ['LSF_MASTER_LIST', 'hostA    hostB'],
      ['LSF_LOG_MASK', 'LOG_INFO'],
      ['LSF_LIM_PORT', '7869'],
      ['LSB_SHAREDIR', '/var/lsf/work'],
    ]);
  });

  it('keeps the text inside double quotes exactly, including # and trailing blanks', () => {
    const conf = parseLsfConf('LSB_MAILPROG="/usr/bin/mail -s \'#tag\' "  # mailer', FILE);

    expect(conf.get('LSB_MAILPROG')).toBe("/usr/bin/mail -s '#tag' ");
  });

  it('keeps double quotes inside single quotes', () => {
    expect(parseLsfConf(`X='say "hi"'`, FILE).get('X')).toBe('say "hi"');
  });

  it('joins quoted and unquoted pieces of one value as a shell would', () => {
    expect(parseLsfConf('X=/opt/"my dir"/bin', FILE).get('X')).toBe('/opt/my dir/bin');
  });

  it('ends an unquoted value at # and trims the blanks before it', () => {
    expect(parseLsfConf('LSF_LOGDIR=/var/log/lsf\t  # daemon logs', FILE).get('LSF_LOGDIR')).toBe(
      '/var/log/lsf',
    );
  });

  it('keeps an empty value as an empty string', () => {
    expect(parseLsfConf('LSF_LOGDIR=', FILE).get('LSF_LOGDIR')).toBe('');
  });

  it('lets a later setting of the same key win', () => {
    expect(parseLsfConf(lines('A=1', 'A=2'), FILE).get('A')).toBe('2');
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    expect([...parseLsfConf('\uFEFFA=1\r\nB=2\r\n', FILE)]).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it('does not let a comment line ending in a backslash swallow the next line', () => {
    const conf = parseLsfConf(lines('#OLD=1 \\', 'NEW=2'), FILE);

    expect([...conf]).toEqual([['NEW', '2']]);
  });
});

describe('readLsfConfEntries', () => {
  it('numbers each setting by the line it starts on', () => {
    const text = lines('# header', 'A=1', 'B="x \\', 'y"', '', 'C=3');

    expect(readLsfConfEntries(text, FILE)).toEqual([
      { key: 'A', value: '1', line: 2 },
      { key: 'B', value: 'x y', line: 3 },
      { key: 'C', value: '3', line: 6 },
    ]);
  });
});

describe('parseLsfConf errors', () => {
  it('refuses a line that is not KEY=VALUE', () => {
    const error = failure(lines('A=1', 'LSF_LOGDIR /var/log'));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file: FILE, line: 2 });
    expect(error.reason).toBe("expected KEY=VALUE, found 'LSF_LOGDIR /var/log'");
  });

  it('refuses a key that starts with a digit', () => {
    const error = failure('1LSF=x');

    expect(error).toMatchObject({ file: FILE, line: 1 });
    expect(error.reason).toBe("invalid key '1LSF': use letters, digits and _");
  });

  it('refuses a key with a blank inside', () => {
    const error = failure(lines('', 'MY KEY=x'));

    expect(error).toMatchObject({
      line: 2,
      reason: "invalid key 'MY KEY': use letters, digits and _",
    });
  });

  it('refuses an empty key', () => {
    expect(failure('=value').reason).toBe("invalid key '': use letters, digits and _");
  });

  it('refuses an unterminated double quote', () => {
    const error = failure(lines('A=1', 'B=2', 'LSF_MASTER_LIST="a b'));

    expect(error).toMatchObject({ line: 3, reason: 'unterminated double quote in value' });
  });

  it('refuses an unterminated single quote', () => {
    const error = failure("X='abc");

    expect(error).toMatchObject({ line: 1, reason: 'unterminated single quote in value' });
  });

  it('reports a bad continued setting at the line where it starts', () => {
    const error = failure(lines('A=1', 'B="x \\', 'y', 'C=3'));

    expect(error).toMatchObject({ line: 2, reason: 'unterminated double quote in value' });
  });

  it('puts the file and line in the message', () => {
    expect(failure('oops').message).toBe("/etc/lsf/lsf.conf:1: expected KEY=VALUE, found 'oops'");
  });
});
