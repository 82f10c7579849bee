import { parseClusterFile } from '../../src/config/cluster-file';
import { ConfigError } from '../../src/config/config-error';
import { LOAD_INDEX_NAMES } from '../../src/config/load-index';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/conf/lsf.cluster.lavalite';

/** A Host section with the given header and rows, plus the admins every cluster file has. */
function hostFile(header: string, ...rows: string[]): string {
  return lines(
    'Begin ClusterAdmins',
    'Administrators = lsfadmin',
    'End ClusterAdmins',
    'Begin Host',
    header,
    ...rows,
    'End Host',
  );
}

/** The ConfigError that parsing `text` as a cluster file throws. */
function failure(text: string): ConfigError {
  return configErrorOf(() => parseClusterFile(text, FILE));
}

describe('parseClusterFile', () => {
  it('reads a realistic cluster file with comments, thresholds and resources', () => {
    const text = lines(
      '#-----------------------------------------------------------------------',
      '# T H I S   I S   A    O N E   P E R   C L U S T E R    F I L E',
      '#-----------------------------------------------------------------------',
      'Begin   ClusterAdmins',
      'Administrators = lsfadmin root',
      'End    ClusterAdmins',
      '',
      'Begin Parameters',
      'EXINTERVAL = 0.5           # load exchange, fast for tests',
      'HOST_INACTIVITY_LIMIT = 4',
      'ADJUST_DURATION = 3',
      'End Parameters',
      '',
      'Begin   Host',
      'HOSTNAME  model    type   server r1m  mem  RESOURCES        ADDRESS   #Keywords',
      'node01    !        !      1      3.5  ()   (mg fs)          127.0.0.2',
      'node02    Xeon8    LINUX  1      -    100  (cs \\',
      '                                                 !dedicated) 127.0.0.3',
      'login01   !        -      0      ()   ()   ()               -',
      'End     Host',
      '',
      'Begin ResourceMap',
      'RESOURCENAME  LOCATION',
      'scratch       ([all])',
      'End ResourceMap',
    );

    const cluster = parseClusterFile(text, FILE);

    expect(cluster.admins).toEqual(['lsfadmin', 'root']);
    expect([...cluster.parameters]).toEqual([
      ['EXINTERVAL', '0.5'],
      ['HOST_INACTIVITY_LIMIT', '4'],
      ['ADJUST_DURATION', '3'],
    ]);
    expect(cluster.limTiming).toEqual({ exchangeIntervalSec: 0.5, hostInactivityLimit: 4 });
    expect(cluster.hosts).toEqual([
      {
        name: 'node01',
        model: null,
        type: null,
        server: true,
        resources: ['mg', 'fs'],
        address: '127.0.0.2',
        thresholds: { r1m: 3.5 },
        line: 16,
      },
      {
        name: 'node02',
        model: 'Xeon8',
        type: 'LINUX',
        server: true,
        resources: ['cs', '!dedicated'],
        address: '127.0.0.3',
        thresholds: { mem: 100 },
        line: 17,
      },
      {
        name: 'login01',
        model: null,
        type: null,
        server: false,
        resources: [],
        address: null,
        thresholds: {},
        line: 19,
      },
    ]);
  });

  it('treats missing model, type, server, RESOURCES and ADDRESS columns as their defaults', () => {
    const cluster = parseClusterFile(hostFile('HOSTNAME', 'hostA'), FILE);

    expect(cluster.hosts).toEqual([
      {
        name: 'hostA',
        model: null,
        type: null,
        server: true,
        resources: [],
        address: null,
        thresholds: {},
        line: 6,
      },
    ]);
  });

  it('treats short rows as if the missing cells were empty', () => {
    const cluster = parseClusterFile(hostFile('HOSTNAME model type server', 'hostA Xeon'), FILE);

    expect(cluster.hosts[0]).toMatchObject({ model: 'Xeon', type: null, server: true });
  });

  it('matches column names ignoring case and reads every load index threshold', () => {
    const upperNames = LOAD_INDEX_NAMES.map((name) => name.toUpperCase());
    const header = `hostname SERVER ${upperNames.join(' ')}`;
    const cluster = parseClusterFile(hostFile(header, 'h1 1 1 2 3 .5 10 20 30 40 50 60 70'), FILE);

    expect(cluster.hosts[0].thresholds).toEqual({
      r15s: 1,
      r1m: 2,
      r15m: 3,
      ut: 0.5,
      pg: 10,
      io: 20,
      ls: 30,
      it: 40,
      tmp: 50,
      swp: 60,
      mem: 70,
    });
  });

  it('accepts and ignores columns it does not use', () => {
    const cluster = parseClusterFile(
      hostFile('HOSTNAME nd RUNWINDOW REXPRI server', 'hostA 1 () 0 0'),
      FILE,
    );

    expect(cluster.hosts[0]).toMatchObject({ name: 'hostA', server: false });
  });

  it('accepts an IPv6 ADDRESS', () => {
    const cluster = parseClusterFile(hostFile('HOSTNAME ADDRESS', 'hostA ::1'), FILE);

    expect(cluster.hosts[0].address).toBe('::1');
  });

  it('reads administrators written as a table', () => {
    const text = lines(
      'Begin ClusterAdmins',
      'ADMINISTRATORS',
      'lsfadmin',
      '(ops1 ops2)',
      'End ClusterAdmins',
      'Begin Host',
      'HOSTNAME',
      'hostA',
      'End Host',
    );

    expect(parseClusterFile(text, FILE).admins).toEqual(['lsfadmin', 'ops1', 'ops2']);
  });

  it('uses the LSF LIM timing defaults without a Parameters section', () => {
    const cluster = parseClusterFile(hostFile('HOSTNAME', 'hostA'), FILE);

    expect(cluster.parameters.size).toBe(0);
    expect(cluster.limTiming).toEqual({ exchangeIntervalSec: 15, hostInactivityLimit: 5 });
  });

  it('gives no administrators when the ClusterAdmins section is absent', () => {
    const cluster = parseClusterFile(lines('Begin Host', 'HOSTNAME', 'hostA', 'End Host'), FILE);

    expect(cluster.admins).toEqual([]);
  });
});

describe('parseClusterFile errors', () => {
  it('refuses a file without a Host section', () => {
    const text = lines('Begin ClusterAdmins', 'Administrators = lsfadmin', 'End ClusterAdmins');

    const error = failure(text);

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      file: FILE,
      line: 0,
      reason: 'no Host section: the cluster file must list its hosts',
    });
  });

  it('refuses a Host section that lists no hosts, at its Begin line', () => {
    expect(failure(hostFile('HOSTNAME server'))).toMatchObject({
      line: 4,
      reason: 'Host section lists no hosts',
    });
  });

  it('refuses a Host header without a HOSTNAME column', () => {
    expect(failure(hostFile('NAME server', 'a 1'))).toMatchObject({
      line: 5,
      reason: 'Host section header has no HOSTNAME column',
    });
  });

  it('refuses a column named twice', () => {
    const error = failure(hostFile('HOSTNAME r1m R1M', 'a 1 2'));

    expect(error).toMatchObject({ line: 5, reason: 'column R1M appears twice in the header' });
  });

  it('refuses the same host twice, ignoring case', () => {
    const error = failure(hostFile('HOSTNAME', 'hostA', 'HOSTA'));

    expect(error).toMatchObject({ line: 7, reason: 'host HOSTA is already listed on line 6' });
  });

  it('refuses a host name that is not a host name', () => {
    const error = failure(hostFile('HOSTNAME', '(hostA)'));

    expect(error).toMatchObject({ line: 6, reason: "invalid HOSTNAME '(hostA)'" });
  });

  it('refuses a server value other than 1 or 0', () => {
    const error = failure(hostFile('HOSTNAME server', 'hostA yes'));

    expect(error).toMatchObject({ line: 6, reason: "server must be 1 or 0, got 'yes'" });
  });

  it('refuses RESOURCES that are not in parentheses', () => {
    const error = failure(hostFile('HOSTNAME RESOURCES', 'h mg'));

    expect(error).toMatchObject({
      line: 6,
      reason: "RESOURCES must be a parenthesised list such as (fs cs), got 'mg'",
    });
  });

  it('refuses an ADDRESS that is not an IP address', () => {
    const error = configErrorOf(() =>
      parseClusterFile(hostFile('HOSTNAME ADDRESS', 'h 127.0.0.300'), FILE),
    );

    expect(error).toMatchObject({
      line: 6,
      reason: "ADDRESS '127.0.0.300' is not an IPv4 or IPv6 address",
    });
  });

  it('refuses a threshold that is not a number', () => {
    const error = failure(hostFile('HOSTNAME ut', 'h high'));

    expect(error).toMatchObject({
      line: 6,
      reason: "threshold ut must be a non-negative number, got 'high'",
    });
  });

  it('refuses keyword lines inside the Host section', () => {
    const error = failure(hostFile('HOSTNAME', 'h', 'MXJ = 4'));

    expect(error).toMatchObject({
      line: 7,
      reason: 'Host section takes a table, found keyword MXJ',
    });
  });

  it('refuses an unknown section', () => {
    const text = lines('Begin Hosts', 'HOSTNAME', 'h', 'End Hosts');

    expect(failure(text)).toMatchObject({
      line: 1,
      reason: 'unknown section Hosts; expected ClusterAdmins, Parameters, Host, ResourceMap',
    });
  });

  it('refuses a second Host section', () => {
    const text = lines(hostFile('HOSTNAME', 'a'), 'Begin Host', 'HOSTNAME', 'b', 'End Host');

    expect(failure(text)).toMatchObject({
      line: 8,
      reason: 'second Host section; the first begins on line 4',
    });
  });

  it('refuses a zero or non-numeric EXINTERVAL', () => {
    const text = (value: string): string =>
      lines(
        'Begin Parameters',
        `EXINTERVAL = ${value}`,
        'End Parameters',
        hostFile('HOSTNAME', 'a'),
      );

    expect(failure(text('0'))).toMatchObject({
      line: 2,
      reason: "EXINTERVAL must be a number > 0, got '0'",
    });
    expect(failure(text('fast')).reason).toBe("EXINTERVAL must be a number > 0, got 'fast'");
  });

  it('refuses a HOST_INACTIVITY_LIMIT that is not a whole number of at least 1', () => {
    const text = (value: string): string =>
      lines(
        'Begin Parameters',
        `HOST_INACTIVITY_LIMIT = ${value}`,
        'End Parameters',
        hostFile('HOSTNAME', 'a'),
      );

    expect(failure(text('1.5'))).toMatchObject({
      line: 2,
      reason: "HOST_INACTIVITY_LIMIT must be an integer >= 1, got '1.5'",
    });
    expect(failure(text('0')).reason).toBe(
      "HOST_INACTIVITY_LIMIT must be an integer >= 1, got '0'",
    );
  });

  it('refuses a Parameters section written as a table', () => {
    const text = lines(
      'Begin Parameters',
      'EXINTERVAL',
      '15',
      'End Parameters',
      hostFile('HOSTNAME', 'a'),
    );

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: "Parameters section takes KEY = value lines, found 'EXINTERVAL'",
    });
  });

  it('refuses a ClusterAdmins section that names nobody', () => {
    const text = lines(
      'Begin ClusterAdmins',
      'Administrators =',
      'End ClusterAdmins',
      'Begin Host',
      'HOSTNAME',
      'a',
      'End Host',
    );

    expect(failure(text)).toMatchObject({
      line: 1,
      reason: 'ClusterAdmins section names no administrators',
    });
  });

  it('refuses an unknown keyword in ClusterAdmins', () => {
    const text = lines(
      'Begin ClusterAdmins',
      'Admins = bob',
      'End ClusterAdmins',
      'Begin Host',
      'HOSTNAME',
      'a',
      'End Host',
    );

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'unknown keyword ADMINS in ClusterAdmins',
    });
  });
});
