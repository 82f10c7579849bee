import { batchHostStatus, HostBook, isHostFailed } from '../../src/domain/host-book';

describe('HostBook sessions', () => {
  const book = (): HostBook => new HostBook(['a', 'b'], new Set());

  it('a registration makes the host live; the end of its stream takes it back', () => {
    const hosts = book();
    const session = hosts.openSession('a', 1000)!;
    expect(hosts.get('a')).toMatchObject({ sbatchdLive: true, lastHeartbeatMs: 1000 });

    expect(hosts.closeSession('a', session)).toBe(true);
    expect(hosts.get('a')!.sbatchdLive).toBe(false);
    expect(hosts.closeSession('a', session)).toBe(false);
  });

  it('the late end of an older stream leaves the newer registration live', () => {
    const hosts = book();
    const old = hosts.openSession('a', 1000)!;
    const current = hosts.openSession('a', 2000)!;

    expect(current).not.toBe(old);
    expect(hosts.closeSession('a', old)).toBe(false);
    expect(hosts.get('a')!.sbatchdLive).toBe(true);
    expect(batchHostStatus({ ...hosts.get('a')!, limStatus: 'ok' }, 0, 1)).toBe('ok');
  });

  it('heartbeats count only on the current, live session', () => {
    const hosts = book();
    const old = hosts.openSession('a', 1000)!;
    const current = hosts.openSession('a', 2000)!;

    expect(hosts.heartbeat('a', old, 3000)).toBe(false);
    expect(hosts.get('a')!.lastHeartbeatMs).toBe(2000);
    expect(hosts.heartbeat('a', current, 4000)).toBe(true);
    expect(hosts.get('a')!.lastHeartbeatMs).toBe(4000);

    hosts.closeSession('a', current);
    expect(hosts.heartbeat('a', current, 5000)).toBe(false);
  });

  it('an unknown host opens no session', () => {
    expect(book().openSession('nosuch', 1000)).toBeNull();
  });

  it('a host silent longer than the timeout is overdue, once', () => {
    const hosts = book();
    hosts.openSession('a', 1000);
    expect(hosts.overdue(2000, 1500)).toEqual([]);
    expect(hosts.overdue(3000, 1500).map((host) => host.name)).toEqual(['a']);

    hosts.get('a')!.unreachable = true;
    expect(hosts.overdue(4000, 1500)).toEqual([]);
  });

  it('hosts expected to register after a restart turn overdue when they do not', () => {
    const hosts = book();
    expect(hosts.overdue(10_000, 1500)).toEqual([]);

    hosts.expectRegistration(['b'], 10_000);
    expect(hosts.overdue(11_000, 1500)).toEqual([]);
    expect(hosts.overdue(12_000, 1500).map((host) => host.name)).toEqual(['b']);
  });

  it('expecting a registration does not move the clock of a live host', () => {
    const hosts = book();
    hosts.openSession('a', 1000);
    hosts.expectRegistration(['a'], 9000);
    expect(hosts.get('a')!.lastHeartbeatMs).toBe(1000);
  });
});

describe('isHostFailed', () => {
  const host = { ...new HostBook(['a'], new Set()).get('a')!, limReported: true };

  it('needs both the missed heartbeats and lim calling the host unavail', () => {
    expect(isHostFailed({ ...host, unreachable: true, limStatus: 'unavail' })).toBe(true);
    expect(isHostFailed({ ...host, unreachable: true, limStatus: 'ok' })).toBe(false);
    expect(isHostFailed({ ...host, unreachable: false, limStatus: 'unavail' })).toBe(false);
  });

  it('takes no host for failed before lim has said anything of it', () => {
    const unheard = { ...host, limReported: false, unreachable: true };
    expect(isHostFailed({ ...unheard, limStatus: 'unavail' })).toBe(false);
  });
});
