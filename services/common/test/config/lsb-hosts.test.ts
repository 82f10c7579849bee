import { ConfigError } from '../../src/config/config-error';
import { lsbHostLimits, parseLsbHosts } from '../../src/config/lsb-hosts';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/lavalite/configdir/lsb.hosts';

function hostTable(header: string, ...rows: string[]): string {
  return lines('Begin Host', header, ...rows, 'End Host');
}

function failure(text: string): ConfigError {
  return configErrorOf(() => parseLsbHosts(text, FILE));
}

describe('parseLsbHosts', () => {
  it('reads a realistic lsb.hosts with a default row, host groups and ignored columns', () => {
    const text = lines(
      '# lsb.hosts for the test cluster',
      'Begin Host',
      'HOST_NAME  MXJ  JL/U  r1m      pg    DISPATCH_WINDOW  # Keywords',
      '#hostA     ()   ()    3.5/4.5  15/   ()               # Example',
      'default    !    ()    ()       ()    ()',
      'node01     4    2     ()       ()    ()',
      'node02     -    -',
      'End Host',
      '',
      'Begin HostGroup',
      'GROUP_NAME   GROUP_MEMBER    # Key words',
      'big_hosts    (node01 node02)',
      'everyone     (all)',
      'nobody       ()',
      'End HostGroup',
    );

    expect(parseLsbHosts(text, FILE)).toEqual({
      hosts: [
        { name: 'default', mxj: null, jlu: null, line: 5 },
        { name: 'node01', mxj: 4, jlu: 2, line: 6 },
        { name: 'node02', mxj: null, jlu: null, line: 7 },
      ],
      hostGroups: [
        { name: 'big_hosts', members: ['node01', 'node02'], line: 12 },
        { name: 'everyone', members: ['all'], line: 13 },
        { name: 'nobody', members: [], line: 14 },
      ],
    });
  });

  it('gives no hosts and no groups for an empty file', () => {
    expect(parseLsbHosts('', FILE)).toEqual({ hosts: [], hostGroups: [] });
  });

  it('accepts a zero MXJ, which closes the host to jobs', () => {
    expect(parseLsbHosts(hostTable('HOST_NAME MXJ', 'h 0'), FILE).hosts[0].mxj).toBe(0);
  });

  it('treats an empty list in MXJ or JL/U as unset, as stock LSF files write it', () => {
    expect(parseLsbHosts(hostTable('HOST_NAME MXJ JL/U', 'h () ( )'), FILE).hosts).toEqual([
      { name: 'h', mxj: null, jlu: null, line: 3 },
    ]);
  });

  it('treats a missing MXJ or JL/U column as unset', () => {
    expect(parseLsbHosts(hostTable('HOST_NAME', 'h'), FILE).hosts).toEqual([
      { name: 'h', mxj: null, jlu: null, line: 3 },
    ]);
  });
});

describe('lsbHostLimits', () => {
  const lsbHosts = parseLsbHosts(hostTable('HOST_NAME MXJ', 'default 1', 'node01 8'), FILE);

  it('returns the row of a listed host, ignoring case', () => {
    expect(lsbHostLimits(lsbHosts, 'NODE01')).toMatchObject({ name: 'node01', mxj: 8 });
  });

  it('returns the default row for a host that is not listed', () => {
    expect(lsbHostLimits(lsbHosts, 'node99')).toMatchObject({ name: 'default', mxj: 1 });
  });

  it('returns null when neither the host nor a default row is listed', () => {
    const noDefault = parseLsbHosts(hostTable('HOST_NAME MXJ', 'node01 8'), FILE);

    expect(lsbHostLimits(noDefault, 'node99')).toBeNull();
  });
});

describe('parseLsbHosts errors', () => {
  it('refuses an MXJ that is not a whole number', () => {
    const error = failure(hostTable('HOST_NAME MXJ', 'h 2.5'));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      file: FILE,
      line: 3,
      reason: "MXJ must be a non-negative integer, got '2.5'",
    });
    expect(failure(hostTable('HOST_NAME MXJ', 'h (4)')).reason).toBe(
      "MXJ must be a non-negative integer, got '(4)'",
    );
  });

  it('refuses a JL/U that is not a whole number', () => {
    const error = failure(hostTable('HOST_NAME JL/U', 'h', 'g x'));

    expect(error).toMatchObject({
      line: 4,
      reason: "JL/U must be a non-negative integer, got 'x'",
    });
  });

  it('refuses the same host twice, ignoring case', () => {
    const error = failure(hostTable('HOST_NAME', 'hA', 'HA'));

    expect(error).toMatchObject({ line: 4, reason: 'host HA is already listed on line 3' });
  });

  it('refuses a Host header without HOST_NAME', () => {
    const error = failure(hostTable('HOSTNAME MXJ', 'h 1'));

    expect(error).toMatchObject({ line: 2, reason: 'Host section header has no HOST_NAME column' });
  });

  it('refuses a row without a host name', () => {
    const error = failure(hostTable('MXJ HOST_NAME', '4'));

    expect(error).toMatchObject({ line: 3, reason: 'row has no HOST_NAME value' });
  });

  it('refuses group members that are not in parentheses', () => {
    const text = lines('Begin HostGroup', 'GROUP_NAME GROUP_MEMBER', 'g1 hostA', 'End HostGroup');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: "GROUP_MEMBER must be a parenthesised list like (hostA hostB), got 'hostA'",
    });
  });

  it('refuses the same group twice', () => {
    const text = lines(
      'Begin HostGroup',
      'GROUP_NAME GROUP_MEMBER',
      'g1 (a)',
      'g1 (b)',
      'End HostGroup',
    );

    expect(failure(text)).toMatchObject({
      line: 4,
      reason: 'host group g1 is already defined on line 3',
    });
  });

  it('refuses a HostGroup header without GROUP_MEMBER', () => {
    const text = lines('Begin HostGroup', 'GROUP_NAME', 'g1', 'End HostGroup');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'HostGroup section header has no GROUP_MEMBER column',
    });
  });

  it('refuses an unknown section', () => {
    const text = lines('Begin HostPartition', 'End HostPartition');

    expect(failure(text)).toMatchObject({
      line: 1,
      reason: 'unknown section HostPartition; expected Host, HostGroup',
    });
  });

  it('refuses keyword lines in the Host section', () => {
    const text = lines('Begin Host', 'MXJ = 4', 'End Host');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'Host section takes a table, found keyword MXJ',
    });
  });
});
