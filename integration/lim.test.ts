import path from 'node:path';
import { TestCluster } from './harness/cluster';
import { run, waitFor } from './harness/processes';

/** Rows of lsload or lshosts by host name, each split into its columns. */
function rows(table: string): Map<string, string[]> {
  const lines = table.trim().split('\n').slice(1);
  return new Map(lines.map((line) => [line.split(/\s+/)[0], line.trim().split(/\s+/)]));
}

async function statusOf(cluster: TestCluster, host: string): Promise<string | undefined> {
  const result = await cluster.command('lsload');
  return result.code === 0 ? rows(result.stdout).get(host)?.[1] : undefined;
}

async function masterName(cluster: TestCluster): Promise<string | undefined> {
  const result = await cluster.command('lsid');
  return /My master name is (\S+)/.exec(result.stdout)?.[1];
}

describe('lim on three hosts', () => {
  const cluster = new TestCluster({ hosts: 3, exchangeIntervalSec: 0.3, hostInactivityLimit: 3 });
  const [first, second, third] = cluster.hosts;

  beforeAll(async () => {
    // The first candidate's lim starts first, so that a slow start on a loaded machine cannot
    // let the second candidate claim mastership before the first one answers.
    cluster.start('lim', first);
    await waitFor(
      'the first candidate master',
      async () => (await masterName(cluster)) === first.name,
    );
    [second, third].forEach((host) => cluster.start('lim', host));
    for (const host of cluster.hosts) {
      await waitFor(`${host.name} ok`, async () => (await statusOf(cluster, host.name)) === 'ok');
    }
  }, 30_000);

  afterAll(() => cluster.teardown());

  it('lsid names the cluster and the first master candidate', async () => {
    const result = await cluster.command('lsid');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^LavaLite \d+\.\d+\.\d+/);
    expect(result.stdout).toContain('My cluster name is testcluster\n');
    expect(result.stdout).toContain(`My master name is ${first.name}\n`);
  });

  it('lshosts lists every host with its measured facts', async () => {
    const result = await cluster.command('lshosts');

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'HOST_NAME      type    model  cpuf ncpus maxmem maxswp server RESOURCES',
    );
    const table = rows(result.stdout);
    for (const host of cluster.hosts) {
      const [, type, , cpuf, ncpus, maxmem, , server] = table.get(host.name) ?? [];
      expect(type).toMatch(/^[A-Z0-9_]+$/);
      expect(cpuf).toBe('1.0');
      expect(Number(ncpus)).toBeGreaterThan(0);
      expect(maxmem).toMatch(/^[\d.]+[MG]$/);
      expect(server).toBe('Yes');
    }
  });

  it('lshosts -l and host names select hosts, and an unknown host fails', async () => {
    const long = await cluster.command('lshosts', ['-l', second.name]);
    const unknown = await cluster.command('lshosts', ['nosuchhost']);

    expect(long.code).toBe(0);
    expect(long.stdout).toContain(`HOST_NAME:  ${second.name}`);
    expect(long.stdout).not.toContain(first.name);
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toContain('nosuchhost');
  });

  it('lsload lists every host ok with load values, and -I picks the columns', async () => {
    const all = await cluster.command('lsload');
    const picked = await cluster.command('lsload', ['-I', 'r1m:mem', third.name]);

    expect(all.code).toBe(0);
    for (const host of cluster.hosts) {
      const columns = rows(all.stdout).get(host.name) ?? [];
      expect(columns[1]).toBe('ok');
      expect(columns.slice(2, 5).every((value) => /^\d+\.\d$/.test(value))).toBe(true);
      expect(columns[columns.length - 1]).toMatch(/^[\d.]+[MG]$/);
    }
    expect(picked.stdout.split('\n')[0].trim().split(/\s+/)).toEqual([
      'HOST_NAME',
      'status',
      'r1m',
      'mem',
    ]);
    expect([...rows(picked.stdout).keys()]).toEqual([third.name]);
  });

  it('a slave whose lim dies turns unavail, and ok again when it returns', async () => {
    await cluster.stop('lim', third, 'SIGKILL');
    await waitFor('host unavail', async () => (await statusOf(cluster, third.name)) === 'unavail');

    cluster.start('lim', third);
    await waitFor('host ok again', async () => (await statusOf(cluster, third.name)) === 'ok');
  }, 30_000);

  it('mastership moves to the next candidate when the master dies, and the old master rejoins as a slave', async () => {
    await cluster.stop('lim', first, 'SIGKILL');
    await waitFor('new master', async () => (await masterName(cluster)) === second.name);
    await waitFor(
      'old master unavail',
      async () => (await statusOf(cluster, first.name)) === 'unavail',
    );
    const hosts = await cluster.command('lshosts');
    expect(hosts.code).toBe(0);

    cluster.start('lim', first);
    await waitFor('old master back', async () => (await statusOf(cluster, first.name)) === 'ok');
    expect(await masterName(cluster)).toBe(second.name);
  }, 30_000);

  it('serves reflection, so buf curl lists the lim methods', async () => {
    const buf = path.resolve(__dirname, '../node_modules/.bin/buf');
    const url = `http://${second.address}:${cluster.limPort}`;
    const result = await run(buf, [
      'curl',
      '--protocol',
      'grpc',
      '--http2-prior-knowledge',
      '--list-methods',
      url,
    ]);

    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(
      expect.arrayContaining([
        'lavalite.v1.LimService/GetClusterInfo',
        'lavalite.v1.LimService/ListHosts',
        'lavalite.v1.LimService/GetLoad',
        'lavalite.v1.LimService/ReportLoad',
        'lavalite.v1.LimService/WatchHostStatus',
      ]),
    );
  });

  it('serves reflection that describes the messages, so buf curl can call a method', async () => {
    const buf = path.resolve(__dirname, '../node_modules/.bin/buf');
    const url = `http://${second.address}:${cluster.limPort}/lavalite.v1.LimService/GetClusterInfo`;
    const result = await run(buf, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', url]);

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      clusterName: 'testcluster',
      hostName: second.name,
    });
  });
});
