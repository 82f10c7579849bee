import { ConfigError } from '../../src/config/config-error';
import { parseLsbParams } from '../../src/config/lsb-params';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/lavalite/configdir/lsb.params';

function params(...keywords: string[]): string {
  return lines('Begin Parameters', ...keywords, 'End Parameters');
}

function failure(text: string): ConfigError {
  return configErrorOf(() => parseLsbParams(text, FILE));
}

describe('parseLsbParams', () => {
  it('gives the documented defaults for an empty file', () => {
    expect(parseLsbParams('', FILE)).toEqual({
      defaultQueues: [],
      defaultProject: 'default',
      mbdSleepTimeSec: 10,
      sbdSleepTimeSec: 7,
      cleanPeriodSec: 3600,
      jobTerminateIntervalSec: 10,
      maxJobArraySize: 1000,
      maxJobId: 999999,
      maxSbdFail: 3,
      sbdHeartbeatIntervalSec: 5,
      sbdHeartbeatMissCount: 3,
      reconnectBackoffMaxSec: 10,
      jobSpoolDir: '',
      raw: new Map(),
      lines: new Map(),
    });
  });

  it('reads a realistic lsb.params and keeps every key raw, including unknown ones', () => {
    const text = lines(
      '# lsb.params for the test cluster',
      'Begin Parameters',
      'DEFAULT_QUEUE  = normal night   #default job queue names',
      'DEFAULT_PROJECT = "physics"',
      'MBD_SLEEP_TIME = 20             #mbatchd scheduling interval (60 secs is default)',
      'SBD_SLEEP_TIME = 15             #sbatchd scheduling interval (30 secs is default)',
      'JOB_ACCEPT_INTERVAL = 1         #interval for any host to accept a job',
      'CLEAN_PERIOD   = 600',
      'JOB_TERMINATE_INTERVAL = 5',
      'MAX_JOB_ARRAY_SIZE = 5000',
      'MAX_JOBID      = 9999999',
      'MAX_SBD_FAIL   = 5',
      'End Parameters',
    );

    const parsed = parseLsbParams(text, FILE);

    expect(parsed).toMatchObject({
      defaultQueues: ['normal', 'night'],
      defaultProject: 'physics',
      mbdSleepTimeSec: 20,
      sbdSleepTimeSec: 15,
      cleanPeriodSec: 600,
      jobTerminateIntervalSec: 5,
      maxJobArraySize: 5000,
      maxJobId: 9999999,
      maxSbdFail: 5,
    });
    expect(parsed.raw.get('JOB_ACCEPT_INTERVAL')).toBe('1');
    expect(parsed.raw.get('DEFAULT_QUEUE')).toBe('normal night');
    expect(parsed.raw.size).toBe(10);
    expect(parsed.lines.get('DEFAULT_QUEUE')).toBe(3);
    expect(parsed.lines.get('MAX_SBD_FAIL')).toBe(12);
  });

  it('accepts fractional seconds for the sleep times and the LavaLite liveness knobs', () => {
    const parsed = parseLsbParams(
      params(
        'MBD_SLEEP_TIME = 0.2',
        'SBD_SLEEP_TIME = .2',
        'SBD_HEARTBEAT_INTERVAL = 0.2',
        'SBD_HEARTBEAT_MISS_COUNT = 2.5',
        'RECONNECT_BACKOFF_MAX = 1.5',
      ),
      FILE,
    );

    expect(parsed).toMatchObject({
      mbdSleepTimeSec: 0.2,
      sbdSleepTimeSec: 0.2,
      sbdHeartbeatIntervalSec: 0.2,
      sbdHeartbeatMissCount: 2.5,
      reconnectBackoffMaxSec: 1.5,
    });
  });

  it('takes an absolute JOB_SPOOL_DIR and refuses a relative one', () => {
    expect(parseLsbParams(params('JOB_SPOOL_DIR = /var/spool/lsf'), FILE).jobSpoolDir).toBe(
      '/var/spool/lsf',
    );
    expect(failure(params('JOB_SPOOL_DIR = spool'))).toMatchObject({
      line: 2,
      reason: "JOB_SPOOL_DIR must be an absolute path, got 'spool'",
    });
  });

  it('treats an empty DEFAULT_QUEUE as no default queue', () => {
    expect(parseLsbParams(params('DEFAULT_QUEUE ='), FILE).defaultQueues).toEqual([]);
  });
});

describe('parseLsbParams errors', () => {
  it('refuses a zero sleep time', () => {
    const error = failure(params('MBD_SLEEP_TIME = 0'));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      file: FILE,
      line: 2,
      reason: "MBD_SLEEP_TIME must be a number > 0, got '0'",
    });
  });

  it('refuses negative or non-numeric values for the fractional settings', () => {
    const keys = [
      'MBD_SLEEP_TIME',
      'SBD_SLEEP_TIME',
      'SBD_HEARTBEAT_INTERVAL',
      'SBD_HEARTBEAT_MISS_COUNT',
      'RECONNECT_BACKOFF_MAX',
    ];
    for (const key of keys) {
      expect(failure(params(`${key} = -1`)).reason).toBe(`${key} must be a number > 0, got '-1'`);
      expect(failure(params('', `${key} = soon`))).toMatchObject({
        line: 3,
        reason: `${key} must be a number > 0, got 'soon'`,
      });
    }
  });

  it('refuses fractions or words for the whole-number settings', () => {
    const keys = [
      'CLEAN_PERIOD',
      'JOB_TERMINATE_INTERVAL',
      'MAX_JOB_ARRAY_SIZE',
      'MAX_JOBID',
      'MAX_SBD_FAIL',
    ];
    for (const key of keys) {
      expect(failure(params(`${key} = 1.5`))).toMatchObject({
        line: 2,
        reason: `${key} must be a non-negative integer, got '1.5'`,
      });
      expect(failure(params(`${key} = many`)).reason).toBe(
        `${key} must be a non-negative integer, got 'many'`,
      );
    }
  });

  it('refuses an empty DEFAULT_PROJECT', () => {
    expect(failure(params('DEFAULT_PROJECT = ""'))).toMatchObject({
      line: 2,
      reason: 'DEFAULT_PROJECT has no value',
    });
  });

  it('refuses sections other than Parameters', () => {
    const text = lines(params(), 'Begin Queue', 'End Queue');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: 'unknown section Queue; expected Parameters',
    });
  });

  it('refuses a second Parameters section', () => {
    const text = lines(params(), params());

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: 'second Parameters section; the first begins on line 1',
    });
  });

  it('refuses a table in the Parameters section', () => {
    expect(failure(params('MBD_SLEEP_TIME 10'))).toMatchObject({
      line: 2,
      reason: "Parameters section takes KEY = value lines, found 'MBD_SLEEP_TIME 10'",
    });
  });
});
