import { ConfigError } from '../../src/config/config-error';
import { readSections } from '../../src/config/sections';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/lsb.queues';

function failure(text: string): ConfigError {
  return configErrorOf(() => readSections(text, FILE));
}

describe('readSections', () => {
  it('reads keyword lines with upper-cased keys, trimmed values and quotes removed', () => {
    const text = lines(
      'Begin Queue',
      'QUEUE_NAME   = normal',
      'description  = "For normal jobs # not a comment"   # a comment',
      'PRE_EXEC     = echo "start" > /tmp/pre.out',
      'End Queue',
    );

    const [queue] = readSections(text, FILE);

    expect(queue.name).toBe('Queue');
    expect(queue.line).toBe(1);
    expect(queue.header).toBeNull();
    expect([...queue.keywords]).toEqual([
      ['QUEUE_NAME', { value: 'normal', line: 2 }],
      ['DESCRIPTION', { value: 'For normal jobs # not a comment', line: 3 }],
      ['PRE_EXEC', { value: 'echo "start" > /tmp/pre.out', line: 4 }],
    ]);
  });

  it('matches Begin and End ignoring case and keeps the name as written', () => {
    const sections = readSections(lines('BEGIN HostGroup', 'end hostgroup'), FILE);

    expect(sections.map((section) => section.name)).toEqual(['HostGroup']);
  });

  it('reads a table header and rows, padding short rows with empty strings', () => {
    const text = lines(
      'Begin Host',
      'HOSTNAME  model  type  server  RESOURCES',
      'hostA     !      !     1       (fs cs !dedicated)',
      'hostB',
      'End Host',
    );

    const [host] = readSections(text, '/etc/lsf/lsf.cluster.c1');

    expect(host.header).toEqual(['HOSTNAME', 'model', 'type', 'server', 'RESOURCES']);
    expect(host.headerLine).toBe(2);
    expect(host.rows).toEqual([
      { cells: ['hostA', '!', '!', '1', '(fs cs !dedicated)'], line: 3 },
      { cells: ['hostB', '', '', '', ''], line: 4 },
    ]);
  });

  it('keeps a parenthesised group as one cell and a quoted string as one unquoted cell', () => {
    const text = lines(
      'Begin Resource',
      'RESOURCENAME TYPE    INTERVAL INCREASING DESCRIPTION',
      'mg           Boolean ()       ()         (Management (master) hosts)',
      'scratch      Numeric 30       N          "Scratch space, in MB"',
      'nothing      String  ""       ()         x"y z"w',
      'End Resource',
    );

    const [resource] = readSections(text, '/etc/lsf/lsf.shared');

    expect(resource.rows.map((row) => row.cells)).toEqual([
      ['mg', 'Boolean', '()', '()', '(Management (master) hosts)'],
      ['scratch', 'Numeric', '30', 'N', 'Scratch space, in MB'],
      ['nothing', 'String', '', '()', 'xy zw'],
    ]);
  });

  it('treats a line whose = sits inside parentheses or brackets as a table row', () => {
    const text = lines('Begin User', 'USER_NAME  RES  SEL', 'bob (a=b) x[y=z]', 'End User');

    const [user] = readSections(text, '/etc/lsf/lsb.users');

    expect(user.keywords.size).toBe(0);
    expect(user.rows[0].cells).toEqual(['bob', '(a=b)', 'x[y=z]']);
  });

  it('joins continued lines for keywords and table rows', () => {
    const text = lines(
      'Begin Queue',
      'DESCRIPTION = For normal low priority jobs, running only if hosts are \\',
      '              lightly loaded.',
      'QUEUE_NAME = normal',
      'End Queue',
      'Begin HostGroup',
      'GROUP_NAME GROUP_MEMBER',
      'big (hostA hostB \\',
      '     hostC)',
      'End HostGroup',
    );

    const [queue, group] = readSections(text, FILE);

    expect(queue.keywords.get('DESCRIPTION')).toEqual({
      value:
        'For normal low priority jobs, running only if hosts are               lightly loaded.',
      line: 2,
    });
    expect(queue.keywords.get('QUEUE_NAME')?.line).toBe(4);
    expect(group.rows).toEqual([{ cells: ['big', '(hostA hostB      hostC)'], line: 8 }]);
  });

  it('ignores comments and blank lines between and inside sections', () => {
    const text = lines(
      '# lsb.params for the test cluster',
      '',
      'Begin Parameters   # scheduler settings',
      '# DEFAULT_QUEUE = old',
      '   ',
      'DEFAULT_QUEUE = normal  #default job queue name',
      'End Parameters',
      '# trailing comment',
    );

    const [params] = readSections(text, '/etc/lsf/lsb.params');

    expect([...params.keywords]).toEqual([['DEFAULT_QUEUE', { value: 'normal', line: 6 }]]);
  });

  it('returns sections in file order and nothing for an empty file', () => {
    const text = lines('Begin A', 'End A', 'Begin B', 'End B');

    expect(readSections(text, FILE).map((section) => [section.name, section.line])).toEqual([
      ['A', 1],
      ['B', 3],
    ]);
    expect(readSections('', FILE)).toEqual([]);
  });
});

describe('readSections errors', () => {
  it('refuses text outside a section', () => {
    const error = failure(lines('# ok', 'QUEUE_NAME = normal'));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file: FILE, line: 2 });
    expect(error.reason).toBe("text outside a Begin/End section: 'QUEUE_NAME = normal'");
  });

  it('refuses End without a matching Begin', () => {
    const error = failure(lines('Begin Queue', 'End Queue', 'End Queue'));

    expect(error).toMatchObject({ line: 3, reason: 'End Queue without a matching Begin Queue' });
  });

  it('refuses Begin inside an open section', () => {
    const error = failure(lines('Begin Queue', 'A = 1', 'Begin Queue'));

    expect(error).toMatchObject({
      line: 3,
      reason: 'Begin Queue inside section Queue opened on line 1 (missing End Queue?)',
    });
  });

  it('refuses a section left open at the end of the file, at its Begin line', () => {
    const error = failure(lines('', 'Begin Host', 'HOSTNAME', 'a'));

    expect(error).toMatchObject({ line: 2, reason: 'section Host has no End Host' });
  });

  it('refuses an End whose name does not match the Begin', () => {
    const error = failure(lines('Begin Host', 'End HostGroup'));

    expect(error).toMatchObject({
      line: 2,
      reason: 'End HostGroup does not match Begin Host on line 1',
    });
  });

  it('refuses Begin and End without a section name', () => {
    expect(failure('Begin')).toMatchObject({
      line: 1,
      reason: 'Begin needs a section name',
    });
    expect(failure(lines('Begin Host', 'End  '))).toMatchObject({
      line: 2,
      reason: 'End needs a section name',
    });
  });

  it('refuses extra words after a section name', () => {
    const error = failure('Begin Queue normal');

    expect(error).toMatchObject({ line: 1, reason: "unexpected text after Begin: 'Queue normal'" });
  });

  it('refuses a row with more cells than the header names', () => {
    const text = lines('Begin Host', 'HOST_NAME MXJ', 'hostA 4 extra', 'End Host');

    const error = failure(text);

    expect(error).toMatchObject({
      line: 3,
      reason: 'row has 3 values but the header on line 2 names 2 columns',
    });
  });

  it('refuses an unclosed parenthesis', () => {
    const text = lines('Begin HostGroup', 'GROUP_NAME GROUP_MEMBER', 'g (a b', 'End HostGroup');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: "unclosed '(' in 'g (a b'",
    });
  });

  it('refuses a closing parenthesis without an opening one', () => {
    const text = lines('Begin HostGroup', 'GROUP_NAME GROUP_MEMBER', 'g a)', 'End HostGroup');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: "unmatched ')' in 'g a)'",
    });
  });

  it('refuses an unterminated double quote', () => {
    const text = lines('Begin Queue', 'DESCRIPTION = "never closed', 'End Queue');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'unterminated double quote',
    });
  });

  it('refuses a keyword set twice in one section, ignoring case', () => {
    const text = lines('Begin Queue', 'PRIORITY = 1', 'priority = 2', 'End Queue');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: 'priority is already set on line 2',
    });
  });

  it('refuses a keyword name that is not a single word', () => {
    const text = lines('Begin Queue', 'QUEUE NAME = normal', 'End Queue');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: "invalid keyword 'QUEUE NAME' before '='",
    });
  });
});
