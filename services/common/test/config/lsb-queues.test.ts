import { ConfigError } from '../../src/config/config-error';
import { defaultQueue, parseLsbQueues } from '../../src/config/lsb-queues';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/lavalite/configdir/lsb.queues';

/** One queue section holding the given keyword lines after QUEUE_NAME (on line 2). */
function queue(...keywords: string[]): string {
  return lines('Begin Queue', 'QUEUE_NAME = q1', ...keywords, 'End Queue');
}

function parseOne(...keywords: string[]) {
  return parseLsbQueues(queue(...keywords), FILE)[0];
}

function failure(text: string): ConfigError {
  return configErrorOf(() => parseLsbQueues(text, FILE));
}

describe('parseLsbQueues', () => {
  it('reads a realistic lsb.queues with comments, continuations and settings it keeps raw', () => {
    const text = lines(
      '# lsb.queues for the test cluster',
      'Begin Queue',
      'QUEUE_NAME   = normal',
      'PRIORITY     = 30',
      'NICE         = 20',
      'DESCRIPTION  = For normal low priority jobs, running only if hosts are \\',
      'lightly loaded.',
      'USERS        = all',
      'UJOB_LIMIT   = 4',
      'RUNLIMIT     = 60 720      # default 1 hour, at most 12',
      '#CPULIMIT    = 180/hostA   # 3 hours of hostA',
      'r1m          = 0.7/2.0     # loadSched/loadStop',
      'JOB_STARTER  = /bin/sh -c "%USRCMD"',
      'End Queue',
      '',
      'Begin Queue',
      'QUEUE_NAME   = night',
      'PRIORITY     = 40',
      'DESCRIPTION  = "Long jobs # run overnight"',
      'HOSTS        = hostA hostB+2 ~hostC',
      'USERS        = alice bob',
      'ADMINISTRATORS = alice',
      'QJOB_LIMIT   = 100',
      'HJOB_LIMIT   = 2',
      'PJOB_LIMIT   = 1',
      'RUNLIMIT     = 2:30 12:00',
      'MEMLIMIT     = 500000 2000000',
      'EXCLUSIVE    = Y',
      'RERUNNABLE   = yes',
      'REQUEUE_EXIT_VALUES = 99 100',
      'JOB_TERMINATE_INTERVAL = 30',
      'RES_REQ      = select[mem>100] rusage[mem=100]',
      'End Queue',
    );

    const [normal, night] = parseLsbQueues(text, FILE);

    expect(normal).toEqual({
      ...defaultQueue('normal', 2),
      priority: 30,
      description: 'For normal low priority jobs, running only if hosts are lightly loaded.',
      ujobLimit: 4,
      runLimitMin: { default: 60, max: 720 },
      extra: new Map([
        ['NICE', '20'],
        ['R1M', '0.7/2.0'],
        ['JOB_STARTER', '/bin/sh -c "%USRCMD"'],
      ]),
    });
    expect(night).toEqual({
      name: 'night',
      priority: 40,
      description: 'Long jobs # run overnight',
      users: ['alice', 'bob'],
      hosts: ['hostA', 'hostB+2', '~hostC'],
      administrators: ['alice'],
      ujobLimit: null,
      qjobLimit: 100,
      hjobLimit: 2,
      pjobLimit: 1,
      runLimitMin: { default: 150, max: 720 },
      memLimit: { default: 500000, max: 2000000 },
      exclusive: true,
      rerunnable: true,
      requeueExitValues: [99, 100],
      jobTerminateIntervalSec: 30,
      resReq: 'select[mem>100] rusage[mem=100]',
      line: 16,
      extra: new Map(),
    });
  });

  it('gives a queue with only QUEUE_NAME the LSF defaults', () => {
    expect(parseOne()).toEqual({
      name: 'q1',
      priority: 1,
      description: '',
      users: ['all'],
      hosts: ['all'],
      administrators: [],
      ujobLimit: null,
      qjobLimit: null,
      hjobLimit: null,
      pjobLimit: null,
      runLimitMin: { default: null, max: null },
      memLimit: { default: null, max: null },
      exclusive: false,
      rerunnable: false,
      requeueExitValues: [],
      jobTerminateIntervalSec: null,
      resReq: null,
      line: 1,
      extra: new Map(),
    });
  });

  it('reads a single RUNLIMIT value as the maximum', () => {
    expect(parseOne('RUNLIMIT = 45').runLimitMin).toEqual({ default: null, max: 45 });
    expect(parseOne('RUNLIMIT = 1:05').runLimitMin).toEqual({ default: null, max: 65 });
  });

  it('accepts plain minutes above 59', () => {
    expect(parseOne('RUNLIMIT = 90 600').runLimitMin).toEqual({ default: 90, max: 600 });
  });

  it('reads a single MEMLIMIT value as the maximum', () => {
    expect(parseOne('MEMLIMIT = 1024').memLimit).toEqual({ default: null, max: 1024 });
  });

  it('reads yes/no flags in any case', () => {
    expect(parseOne('EXCLUSIVE = yes', 'RERUNNABLE = N')).toMatchObject({
      exclusive: true,
      rerunnable: false,
    });
    expect(parseOne('EXCLUSIVE = no', 'RERUNNABLE = Yes')).toMatchObject({
      exclusive: false,
      rerunnable: true,
    });
  });

  it('accepts queue names of 40 letters, digits, _ and -', () => {
    const name = `a-b_${'x'.repeat(36)}`;
    const text = lines('Begin Queue', `QUEUE_NAME = ${name}`, 'End Queue');

    expect(parseLsbQueues(text, FILE)[0].name).toBe(name);
  });

  it('treats an empty RES_REQ as none', () => {
    expect(parseOne('RES_REQ =').resReq).toBeNull();
  });

  it('matches section and keyword names ignoring case', () => {
    const text = lines('begin queue', 'queue_name = q', 'priority = 7', 'end QUEUE');

    expect(parseLsbQueues(text, FILE)[0]).toMatchObject({ name: 'q', priority: 7 });
  });
});

describe('parseLsbQueues errors', () => {
  it('refuses a queue without QUEUE_NAME, at its Begin line', () => {
    const text = lines('', 'Begin Queue', 'PRIORITY = 3', 'End Queue');

    const error = failure(text);

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file: FILE, line: 2, reason: 'Queue section has no QUEUE_NAME' });
  });

  it('refuses a queue name with other characters or over 40 long', () => {
    const bad = (name: string) =>
      failure(lines('Begin Queue', `QUEUE_NAME = ${name}`, 'End Queue'));

    expect(bad('my.queue')).toMatchObject({
      line: 2,
      reason: "invalid QUEUE_NAME 'my.queue': use 1-40 letters, digits, _ or -",
    });
    expect(bad('x'.repeat(41)).reason).toMatch(/^invalid QUEUE_NAME 'x{41}'/);
    expect(bad('"a b"').reason).toMatch(/^invalid QUEUE_NAME 'a b'/);
  });

  it('refuses two queues with the same name', () => {
    const text = lines(queue(), queue());

    expect(failure(text)).toMatchObject({
      line: 4,
      reason: 'queue q1 is already defined on line 1',
    });
  });

  it('refuses a file without any queue', () => {
    expect(failure('# no queues\n')).toMatchObject({
      line: 0,
      reason: 'no Queue section: define at least one queue',
    });
  });

  it('refuses sections other than Queue', () => {
    const text = lines(queue(), 'Begin Parameters', 'End Parameters');

    expect(failure(text)).toMatchObject({
      line: 4,
      reason: 'unknown section Parameters; expected Queue',
    });
  });

  it('refuses a table inside a Queue section', () => {
    expect(failure(queue('PRIORITY 30'))).toMatchObject({
      line: 3,
      reason: "Queue section takes KEY = value lines, found 'PRIORITY 30'",
    });
  });

  it('refuses a negative, fractional or non-numeric PRIORITY', () => {
    const reason = (value: string) => configErrorOf(() => parseOne(`PRIORITY = ${value}`)).reason;

    expect(configErrorOf(() => parseOne('PRIORITY = -1'))).toMatchObject({
      line: 3,
      reason: "PRIORITY must be a non-negative integer, got '-1'",
    });
    expect(reason('1.5')).toBe("PRIORITY must be a non-negative integer, got '1.5'");
    expect(reason('high')).toBe("PRIORITY must be a non-negative integer, got 'high'");
  });

  it('refuses a slot limit that is not a whole number', () => {
    for (const key of ['UJOB_LIMIT', 'QJOB_LIMIT', 'HJOB_LIMIT', 'PJOB_LIMIT']) {
      expect(configErrorOf(() => parseOne('PRIORITY = 1', `${key} = lots`))).toMatchObject({
        line: 4,
        reason: `${key} must be a non-negative integer, got 'lots'`,
      });
    }
  });

  it('refuses a JOB_TERMINATE_INTERVAL that is not a whole number', () => {
    expect(configErrorOf(() => parseOne('JOB_TERMINATE_INTERVAL = 1.5')).reason).toBe(
      "JOB_TERMINATE_INTERVAL must be a non-negative integer, got '1.5'",
    );
  });

  it('refuses a RUNLIMIT with more than two values', () => {
    expect(configErrorOf(() => parseOne('RUNLIMIT = 1 2 3'))).toMatchObject({
      line: 3,
      reason: "RUNLIMIT takes '[default] max', got '1 2 3'",
    });
  });

  it('refuses a default limit above the maximum', () => {
    expect(configErrorOf(() => parseOne('RUNLIMIT = 2:00 60')).reason).toBe(
      'RUNLIMIT default 120 exceeds max 60',
    );
    expect(configErrorOf(() => parseOne('MEMLIMIT = 10 5')).reason).toBe(
      'MEMLIMIT default 10 exceeds max 5',
    );
  });

  it('refuses RUNLIMIT minutes of 60 or more after hours', () => {
    expect(configErrorOf(() => parseOne('RUNLIMIT = 1:75')).reason).toBe(
      "RUNLIMIT '1:75': minutes after hh: must be 0-59",
    );
  });

  it('refuses a RUNLIMIT that is not [hh:]mm', () => {
    expect(configErrorOf(() => parseOne('RUNLIMIT = 1h')).reason).toBe(
      "RUNLIMIT (minutes) must be a non-negative integer, got '1h'",
    );
    expect(configErrorOf(() => parseOne('RUNLIMIT =')).reason).toBe(
      "RUNLIMIT takes '[default] max', got ''",
    );
  });

  it('refuses a host-normalised RUNLIMIT', () => {
    expect(configErrorOf(() => parseOne('RUNLIMIT = 60/hostA')).reason).toBe(
      "RUNLIMIT '60/hostA': host-normalised limits (/host_spec) are not supported",
    );
  });

  it('refuses a MEMLIMIT that is not whole numbers', () => {
    expect(configErrorOf(() => parseOne('MEMLIMIT = 1.5G')).reason).toBe(
      "MEMLIMIT must be a non-negative integer, got '1.5G'",
    );
  });

  it('refuses a yes/no flag with another word', () => {
    expect(configErrorOf(() => parseOne('EXCLUSIVE = true'))).toMatchObject({
      line: 3,
      reason: "EXCLUSIVE must be y, yes, n or no, got 'true'",
    });
    expect(configErrorOf(() => parseOne('RERUNNABLE = 1')).reason).toBe(
      "RERUNNABLE must be y, yes, n or no, got '1'",
    );
  });

  it('refuses requeue exit values that are not exit codes', () => {
    expect(configErrorOf(() => parseOne('REQUEUE_EXIT_VALUES = 1 300')).reason).toBe(
      'REQUEUE_EXIT_VALUES: 300 is not an exit code (0-255)',
    );
    expect(configErrorOf(() => parseOne('REQUEUE_EXIT_VALUES = 1 x')).reason).toBe(
      "REQUEUE_EXIT_VALUES must be a non-negative integer, got 'x'",
    );
  });

  it('refuses the EXCLUDE form of requeue exit values', () => {
    expect(configErrorOf(() => parseOne('REQUEUE_EXIT_VALUES = 2 EXCLUDE(3)')).reason).toBe(
      'REQUEUE_EXIT_VALUES: the EXCLUDE(...) form is not supported',
    );
  });

  it('refuses an empty USERS or HOSTS list', () => {
    expect(configErrorOf(() => parseOne('USERS =')).reason).toBe(
      'USERS is empty; leave it out to mean all',
    );
    expect(configErrorOf(() => parseOne('HOSTS = ""')).reason).toBe(
      'HOSTS is empty; leave it out to mean all',
    );
  });
});
