import fs from 'node:fs';
import path from 'node:path';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobRows, pendReasons } from './harness/job-rows';
import { waitFor } from './harness/processes';

/**
 * Resource requirements and queue limits on a three-host cluster, each host with two slots:
 * placement as `bjobs -w` shows it and pending reasons as `bjobs -p` words them.
 */
describe('scheduling on three hosts', () => {
  const cluster = new TestCluster({
    hosts: 3,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
    lsbHosts: [
      'Begin Host',
      'HOST_NAME  MXJ',
      'default    2',
      'End Host',
      '',
      'Begin HostGroup',
      'GROUP_NAME  GROUP_MEMBER',
      'last_host   (host4)',
      'End HostGroup',
      '',
    ].join('\n'),
    hostResources: { host2: '(fs)' },
    lsbQueues: [
      'Begin Queue',
      'QUEUE_NAME = normal',
      'PRIORITY = 30',
      'EXCLUSIVE = Y',
      'End Queue',
      '',
      'Begin Queue',
      'QUEUE_NAME = small',
      'PRIORITY = 20',
      'QJOB_LIMIT = 1',
      'End Queue',
      '',
      'Begin Queue',
      'QUEUE_NAME = fsonly',
      'PRIORITY = 20',
      'RES_REQ = select[fs]',
      'End Queue',
      '',
      'Begin Queue',
      'QUEUE_NAME = peruser',
      'PRIORITY = 20',
      'UJOB_LIMIT = 2',
      'HOSTS = last_host',
      'End Queue',
      '',
    ].join('\n'),
  });

  beforeAll(async () => {
    await cluster.startAll();
  }, 60_000);

  afterAll(() => cluster.teardown());

  afterEach(async () => {
    await cluster.command('bkill', ['-u', 'all', '0']);
    await waitFor('no unfinished job', async () => (await jobRows(cluster, [])).length === 0);
  });

  it('keeps a job that asks more memory than any host has pending, saying why', async () => {
    const id = await submit(cluster, ['-R', 'rusage[mem=100000000]', 'sleep', '1']);

    const reasons = await waitFor('resource reason', async () => {
      const text = await pendReasons(cluster, id);
      return text.includes('resource') ? text : null;
    });
    expect(reasons).toBe("Job's resource requirements not satisfied: 3 hosts;");
    const long = await cluster.command('bjobs', ['-l', String(id)]);
    expect(long.stdout).toContain(' PENDING REASONS:\n');
    expect(long.stdout.replace(/\s/g, '')).toContain("Job'sresourcerequirementsnotsatisfied");
    expect((await jobRows(cluster, [String(id)]))[0].state).toBe('PEND');
  }, 30_000);

  it('runs a select[] job only on the host with the boolean resource', async () => {
    const ids = [
      await submit(cluster, ['-R', 'select[fs]', 'sleep', '60']),
      await submit(cluster, ['-R', 'select[fs && maxmem > 1]', 'sleep', '60']),
    ];
    for (const id of ids) {
      await waitForState(cluster, id, 'RUN');
      expect((await jobRows(cluster, [String(id)]))[0].execHosts).toEqual(['host2']);
    }
  }, 30_000);

  it("applies the queue's RES_REQ to each of its jobs", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await submit(cluster, ['-q', 'fsonly', '-R', 'maxmem > 1', 'sleep', '60']));
    }
    for (const id of ids.slice(0, 2)) {
      await waitForState(cluster, id, 'RUN');
      expect((await jobRows(cluster, [String(id)]))[0].execHosts).toEqual(['host2']);
    }
    await waitFor('queue requirement reason', async () =>
      (await pendReasons(cluster, ids[2])).includes(
        "Job's resource requirements not satisfied: 2 hosts;",
      ),
    );
  }, 30_000);

  it('keeps span[hosts=1] slots on one host and spreads a plain -n job', async () => {
    const together = await submit(cluster, ['-n', '2', '-R', 'span[hosts=1]', 'sleep', '60']);
    await waitForState(cluster, together, 'RUN');
    const hosts = (await jobRows(cluster, [String(together)]))[0].execHosts;
    expect(hosts).toHaveLength(2);
    expect(new Set(hosts).size).toBe(1);

    const spread = await submit(cluster, ['-n', '3', 'sleep', '60']);
    await waitForState(cluster, spread, 'RUN');
    expect(new Set((await jobRows(cluster, [String(spread)]))[0].execHosts).size).toBe(2);

    // One slot is left on one host: two slots together cannot be had.
    const waits = await submit(cluster, ['-n', '2', '-R', 'span[hosts=1]', 'sleep', '1']);
    await waitFor('span reason', async () =>
      (await pendReasons(cluster, waits)).includes('spanning'),
    );
  }, 40_000);

  it('starts a -n min,max job with what is free up to max, and says so as LSF does', async () => {
    const blocker = await submit(cluster, ['-n', '3', 'sleep', '60']);
    await waitForState(cluster, blocker, 'RUN');
    const out = path.join(cluster.dir, 'ranged.out');
    const script =
      'echo slots=$LSB_DJOB_NUMPROC max=$LSB_MAX_NUM_PROCESSORS; cat "$LSB_DJOB_HOSTFILE"; sleep 60';
    const ranged = await submit(cluster, ['-n', '2,10', '-o', out, 'sh', '-c', script]);
    await waitForState(cluster, ranged, 'RUN');

    const execHosts = (await jobRows(cluster, [String(ranged)]))[0].execHosts;
    expect(execHosts).toHaveLength(3);
    const long = (await cluster.command('bjobs', ['-l', String(ranged)])).stdout;
    // A space that falls on a line break is dropped, as in LSF: compare without spaces.
    const words = long.replace(/\s/g, '');
    expect(words).toContain(',2-10ProcessorsRequested;');
    expect(words).toMatch(/:Started3Task\(s\)onHost\(s\)/);
    await waitFor(
      'the job wrote its slots',
      async () => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('slots=3 max=10\n'),
    );
    // LSB_DJOB_HOSTFILE: one line per slot, as the job was placed.
    await waitFor('the job listed its host file', async () =>
      fs.readFileSync(out, 'utf8').includes(`max=10\n${execHosts.join('\n')}\n`),
    );

    // Nothing is free now: a job that needs one slot at least waits like any other.
    const waits = await submit(cluster, ['-n', '1,4', 'sleep', '1']);
    await waitFor('slot reason', async () => (await pendReasons(cluster, waits)) !== '');
    expect((await jobRows(cluster, [String(waits)]))[0].state).toBe('PEND');
  }, 40_000);

  it('refuses a -n range upside down, or whose min no host set could hold', async () => {
    const upsideDown = await cluster.command('bsub', ['-n', '4,2', 'true']);
    expect(upsideDown).toMatchObject({
      stdout: '',
      stderr: '4,2: Bad argument. Job not submitted.\n',
      code: 255,
    });
    const tooMany = await cluster.command('bsub', ['-n', '7,9', 'true']);
    expect(tooMany).toMatchObject({
      stderr: 'Too many processors requested. Job not submitted.\n',
      code: 255,
    });
    expect(await jobRows(cluster, ['-a'])).not.toContainEqual(
      expect.objectContaining({ state: 'PEND' }),
    );
  }, 30_000);

  it('refuses at submit a -n no host set could ever hold and a requirement that does not parse', async () => {
    const tooMany = await cluster.command('bsub', ['-n', '7', 'sleep', '1']);
    expect(tooMany.stderr).toBe('Too many processors requested. Job not submitted.\n');
    expect(tooMany.code).toBe(255);

    const oneHost = await cluster.command('bsub', ['-n', '3', '-R', 'span[hosts=1]', 'true']);
    expect(oneHost.stderr).toBe('Too many processors requested. Job not submitted.\n');

    const bad = await cluster.command('bsub', ['-R', 'select[nosuch > 1]', 'true']);
    expect(bad.stderr).toBe('Bad resource requirement syntax. Job not submitted.\n');
    expect(await jobRows(cluster, ['-a'])).not.toContainEqual(
      expect.objectContaining({ state: 'PEND' }),
    );
  }, 30_000);

  it('gives a -x job a host of its own', async () => {
    const exclusive = await submit(cluster, ['-x', 'sleep', '60']);
    await waitForState(cluster, exclusive, 'RUN');
    const [host] = (await jobRows(cluster, [String(exclusive)]))[0].execHosts;
    const bhosts = await cluster.command('bhosts', ['-w', host]);
    expect(bhosts.stdout).toMatch(new RegExp(`^${host}\\s+closed_Excl\\s`, 'm'));

    const others: number[] = [];
    for (let i = 0; i < 4; i++) {
      others.push(await submit(cluster, ['sleep', '60']));
    }
    for (const id of others) {
      await waitForState(cluster, id, 'RUN');
      expect((await jobRows(cluster, [String(id)]))[0].execHosts).not.toContain(host);
    }
  }, 40_000);

  it('holds jobs back at the queue job slot limit and the per-user limit', async () => {
    const first = await submit(cluster, ['-q', 'small', 'sleep', '60']);
    const second = await submit(cluster, ['-q', 'small', 'sleep', '60']);
    await waitForState(cluster, first, 'RUN');
    await waitFor('queue limit reason', async () =>
      (await pendReasons(cluster, second)) === 'The queue has reached its job slot limit;'
        ? true
        : null,
    );
    const bqueues = await cluster.command('bqueues', ['small']);
    expect(bqueues.stdout).toMatch(/^small\s+20\s+Open:Active\s+1\s+-\s+-\s+-\s+2\s+1\s+1\s/m);

    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await submit(cluster, ['-q', 'peruser', 'sleep', '60']));
    }
    await waitForState(cluster, ids[1], 'RUN');
    await waitFor('user limit reason', async () =>
      (await pendReasons(cluster, ids[2])) ===
      'User has reached the per-user job slot limit of the queue;'
        ? true
        : null,
    );
    // HOSTS names the host group last_host, whose one member is host4.
    expect((await jobRows(cluster, [String(ids[0])]))[0].execHosts).toEqual(['host4']);

    await cluster.command('bkill', [String(first)]);
    await waitForState(cluster, second, 'RUN');
  }, 40_000);
});
