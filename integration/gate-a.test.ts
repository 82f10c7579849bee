import fs from 'node:fs';
import path from 'node:path';
import { historyEvents, stateOf, submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobOwnProcesses, jobProcesses } from './harness/job-processes';
import { waitFor } from './harness/processes';

/**
 * Gate A of the MVP checklist on one host: every row of the signal table driven through the
 * installed commands, checking the state bjobs shows, the reply, the history, and the real
 * processes on the host. docs/testing/gate-a-signal-plan.md lists the cases.
 */
describe('gate A: job signals on one host', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
  });
  const [host] = cluster.hosts;

  beforeAll(() => cluster.startAll(), 30_000);

  afterAll(() => cluster.teardown());

  /** Keeps new jobs pending: the only host is closed to new work. */
  async function withHostClosed<T>(work: () => Promise<T>): Promise<T> {
    expect((await cluster.command('badmin', ['hclose', host.name])).code).toBe(0);
    try {
      return await work();
    } finally {
      await cluster.command('badmin', ['hopen', host.name]);
    }
  }

  async function runningJob(): Promise<number> {
    const id = await submit(cluster, ['sleep', '300']);
    await waitForState(cluster, id, 'RUN');
    await waitFor('job process', async () => jobOwnProcesses(cluster, id).length > 0);
    return id;
  }

  it('bsub -H submits held: PSUSP, and bresume releases it to PEND', async () => {
    await withHostClosed(async () => {
      const result = await cluster.command('bsub', ['-H', 'sleep', '1']);
      expect(result.stdout).toMatch(/^Job <\d+> is submitted to default queue <normal>\.\n$/);
      const id = Number(/<(\d+)>/.exec(result.stdout)![1]);
      expect(await stateOf(cluster, id)).toBe('PSUSP');

      const resumed = await cluster.command('bresume', [String(id)]);
      expect(resumed.stdout).toBe(`Job <${id}> is being resumed\n`);
      expect(await stateOf(cluster, id)).toBe('PEND');
      await cluster.command('bkill', [String(id)]);
    });
  }, 30_000);

  it('bstop holds a pending job; a second bstop is refused with LSBE_JOB_SUSP and adds no event', async () => {
    await withHostClosed(async () => {
      const id = await submit(cluster, ['sleep', '1']);
      expect(await stateOf(cluster, id)).toBe('PEND');

      expect((await cluster.command('bstop', [String(id)])).stdout).toBe(
        `Job <${id}> is being stopped\n`,
      );
      expect(await stateOf(cluster, id)).toBe('PSUSP');
      const events = await historyEvents(cluster, id);

      const again = await cluster.command('bstop', [String(id)]);
      expect(again.code).toBe(255);
      expect(again.stderr).toBe(`Job <${id}>: Operation not supported for a suspended job\n`);
      expect(await stateOf(cluster, id)).toBe('PSUSP');
      expect(await historyEvents(cluster, id)).toBe(events);
      await cluster.command('bkill', [String(id)]);
    });
  }, 30_000);

  it('bresume of a pending job is a success that changes nothing and adds no event', async () => {
    await withHostClosed(async () => {
      const id = await submit(cluster, ['sleep', '1']);
      const events = await historyEvents(cluster, id);

      const result = await cluster.command('bresume', [String(id)]);
      expect(result.code).toBe(0);
      expect(await stateOf(cluster, id)).toBe('PEND');
      expect(await historyEvents(cluster, id)).toBe(events);
      await cluster.command('bkill', [String(id)]);
    });
  }, 30_000);

  it.each(['KILL', 'TERM', 'INT', 'HUP'])(
    'bkill -s %s ends a pending or held job as EXIT without running it',
    async (signal) => {
      await withHostClosed(async () => {
        const pending = await submit(cluster, ['sleep', '1']);
        const held = await submit(cluster, ['-H', 'sleep', '1']);

        for (const id of [pending, held]) {
          expect((await cluster.command('bkill', ['-s', signal, String(id)])).code).toBe(0);
          expect(await stateOf(cluster, id)).toBe('EXIT');
          const long = await cluster.command('bjobs', ['-l', String(id)]);
          expect(long.stdout).not.toMatch(/Started .* on Host/);
        }
      });
    },
    30_000,
  );

  it('bkill -s with an unsupported number is refused with LSBE_BAD_SIGNAL and changes nothing', async () => {
    await withHostClosed(async () => {
      const id = await submit(cluster, ['sleep', '1']);
      const result = await cluster.command('bkill', ['-s', '99', String(id)]);
      expect(result.code).toBe(255);
      expect(result.stderr).toBe(`Job <${id}>: Signal not supported\n`);
      expect(await stateOf(cluster, id)).toBe('PEND');
      await cluster.command('bkill', [String(id)]);
    });
  }, 30_000);

  it('bstop stops a running job (processes stopped) and bresume runs it again', async () => {
    const id = await runningJob();

    expect((await cluster.command('bstop', [String(id)])).code).toBe(0);
    expect(await stateOf(cluster, id)).toBe('USUSP');
    await waitFor('stopped processes', async () =>
      jobOwnProcesses(cluster, id).every((p) => p.state === 'T'),
    );

    expect((await cluster.command('bresume', [String(id)])).code).toBe(0);
    await waitForState(cluster, id, 'RUN');
    await waitFor('running processes', async () =>
      jobOwnProcesses(cluster, id).every((p) => p.state !== 'T'),
    );
    await cluster.command('bkill', [String(id)]);
  }, 30_000);

  it('bresume of a running job is a success that adds no event', async () => {
    const id = await runningJob();
    const events = await historyEvents(cluster, id);

    expect((await cluster.command('bresume', [String(id)])).code).toBe(0);
    expect(await stateOf(cluster, id)).toBe('RUN');
    expect(await historyEvents(cluster, id)).toBe(events);
    await cluster.command('bkill', [String(id)]);
  }, 30_000);

  it.each([['RUN'], ['USUSP']])(
    'bkill of a %s job ends it as EXIT and leaves no process behind',
    async (from) => {
      const id = await runningJob();
      if (from === 'USUSP') {
        await cluster.command('bstop', [String(id)]);
        await waitForState(cluster, id, 'USUSP');
      }

      expect((await cluster.command('bkill', [String(id)])).stdout).toBe(
        `Job <${id}> is being terminated\n`,
      );
      await waitForState(cluster, id, 'EXIT');
      await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
    },
    30_000,
  );

  it('a job that exits 0 is DONE, one that exits 3 is EXIT with its code, and -o holds the output', async () => {
    const out = path.join(cluster.dir, 'out.%J');
    const done = await submit(cluster, ['-o', out, 'echo', 'hello from the job']);
    const failed = await submit(cluster, ['-o', out, 'sh', '-c', 'exit 3']);

    await waitForState(cluster, done, 'DONE');
    await waitForState(cluster, failed, 'EXIT');
    expect((await cluster.command('bjobs', ['-l', String(done)])).stdout).toContain(
      'Done successfully.',
    );
    expect(
      (await cluster.command('bjobs', ['-l', String(failed)])).stdout.replace(/\n {21}/g, ''),
    ).toContain('Exited with exit code 3.');
    expect(fs.readFileSync(out.replace('%J', String(done)), 'utf8')).toContain(
      'hello from the job\n',
    );
  }, 30_000);

  it('signals to a finished job are refused with LSBE_JOB_FINISH', async () => {
    const id = await submit(cluster, ['true']);
    await waitForState(cluster, id, 'DONE');

    for (const command of ['bkill', 'bstop', 'bresume']) {
      const result = await cluster.command(command, [String(id)]);
      expect(result.code).toBe(255);
      expect(result.stderr).toBe(`Job <${id}>: Job has already finished\n`);
    }
    expect(await stateOf(cluster, id)).toBe('DONE');
  }, 30_000);

  it('a job id that does not exist gets LSBE_NO_JOB', async () => {
    const result = await cluster.command('bkill', ['999999']);
    expect(result.code).toBe(255);
    expect(result.stderr).toBe('Job <999999>: No matching job found\n');
  });

  it('bsub < script honours its #BSUB lines', async () => {
    const out = path.join(cluster.dir, 'script.%J.out');
    const script = `#!/bin/sh\n#BSUB -J scripted\n#BSUB -o ${out}\necho "name=$LSB_JOBNAME"\n`;
    const id = await submit(cluster, [], script);

    await waitForState(cluster, id, 'DONE');
    expect(fs.readFileSync(out.replace('%J', String(id)), 'utf8')).toContain('name=scripted\n');
  }, 30_000);

  it('kill -9 of mbatchd loses no acknowledged job, and job ids continue without reuse', async () => {
    const running = await runningJob();
    const held = await submit(cluster, ['-H', 'sleep', '1']);

    await cluster.stop('mbatchd', host, 'SIGKILL');
    cluster.start('mbatchd', host);
    await waitFor('mbatchd back', async () => (await cluster.command('bjobs', ['-a'])).code === 0);

    expect(await stateOf(cluster, running)).toBe('RUN');
    expect(await stateOf(cluster, held)).toBe('PSUSP');
    expect(jobOwnProcesses(cluster, running).length).toBeGreaterThan(0);
    const next = await submit(cluster, ['-H', 'true']);
    expect(next).toBeGreaterThan(held);
    await cluster.command('bkill', [String(running), String(held), String(next)]);
  }, 40_000);
});
