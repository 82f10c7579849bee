import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { elementJobId } from '../services/common/src/job-id';
import { submit } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { jobOwnProcesses, jobProcesses } from './harness/job-processes';
import { JobRow, jobRows } from './harness/job-rows';
import { waitFor } from './harness/processes';

/**
 * The job-array plan (docs/testing/job-arrays-test-plan.md) on two hosts: every case checks
 * each element's state, one reply line per element, and the processes on the hosts.
 */
describe('job arrays on two hosts', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
    lsbHosts: ['Begin Host', 'HOST_NAME  MXJ', 'default    3', 'End Host', ''].join('\n'),
  });

  beforeAll(() => cluster.startAll(), 60_000);
  afterAll(() => cluster.teardown());

  /** The array's elements by index, whatever order bjobs lists them in. */
  async function elements(id: number): Promise<Map<string, JobRow>> {
    const rows = await jobRows(cluster, ['-a', String(id)]);
    const index = (row: JobRow): number => Number(/\[(\d+)\]$/.exec(row.id)?.[1] ?? 0);
    rows.sort((a, b) => index(a) - index(b));
    return new Map(rows.map((row) => [row.id, row]));
  }

  function lines(text: string): string[] {
    return text.split('\n').filter((line) => line !== '');
  }

  async function allEnded(id: number, count: number): Promise<Map<string, JobRow>> {
    return waitFor(
      `array ${id} ended`,
      async () => {
        const rows = await elements(id);
        const ended = [...rows.values()].every((row) => ['DONE', 'EXIT'].includes(row.state));
        return rows.size === count && ended ? rows : null;
      },
      60_000,
      250,
    );
  }

  it('R1, R2: submits 1,000 elements in one request and kills them all in one line', async () => {
    const started = Date.now();
    const result = await cluster.command('bsub', ['-H', '-J', 'big[1-1000]', 'sleep', '1']);
    const submitMs = Date.now() - started;
    expect(lines(result.stdout)).toHaveLength(1);
    const id = Number(
      /^Job <(\d+)> is submitted to default queue <normal>\.$/.exec(result.stdout.trim())![1],
    );
    process.stdout.write(`bsub of a 1,000-element array took ${submitMs} ms\n`);

    const rows = await elements(id);
    expect(rows.size).toBe(1000);
    for (let index = 1; index <= 1000; index++) {
      expect(rows.get(`${id}[${index}]`)?.state).toBe('PSUSP');
    }
    // OpenLava's row: the spec cut to 8 and the owner right-aligned in 8, whole with -w.
    const owner = os.userInfo().username;
    const counts = '   1000    0    0    0    0     0     0  1000\n';
    const header = 'JOBID    ARRAY_SPEC  OWNER   NJOBS PEND DONE  RUN EXIT SSUSP USUSP PSUSP\n';
    const summary = await cluster.command('bjobs', ['-A', String(id)]);
    expect(summary.stdout).toBe(
      `${header}${String(id).padEnd(7)}  big[1-10 ${owner.slice(0, 8).padStart(8)} ${counts}`,
    );
    const wide = await cluster.command('bjobs', ['-A', '-w', String(id)]);
    expect(wide.stdout).toBe(`${header}${String(id).padEnd(7)}  big[1-1000] ${owner} ${counts}`);
    const named = await cluster.command('bjobs', ['-w', '-J', 'big[7]']);
    expect(named.stdout).toMatch(new RegExp(`^${id}\\[7\\]\\s.*\\sbig\\[7\\]\\s`, 'm'));

    const killed = await cluster.command('bkill', [String(id)], undefined);
    expect(killed).toMatchObject({
      stdout: `Job <${id}> is being terminated\n`,
      stderr: '',
      code: 0,
    });
    const ended = await allEnded(id, 1000);
    expect([...ended.values()].every((row) => row.state === 'EXIT')).toBe(true);
    expect((await cluster.command('bhosts')).code).toBe(0);
  }, 120_000);

  it('R3: runs no more than %2 elements at once, each with its own index', async () => {
    const out = path.join(cluster.dir, 'run.%J.%I');
    const id = await submit(cluster, [
      '-J',
      'run[1-6]%2',
      '-o',
      out,
      'sh',
      '-c',
      'echo index=$LSB_JOBINDEX id=$LSB_JOBID; sleep 1',
    ]);
    let most = 0;
    await waitFor(
      'all six done',
      async () => {
        const rows = [...(await elements(id)).values()];
        most = Math.max(most, rows.filter((row) => row.state === 'RUN').length);
        return rows.length === 6 && rows.every((row) => row.state === 'DONE');
      },
      60_000,
      50,
    );
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    for (let index = 1; index <= 6; index++) {
      const file = path.join(cluster.dir, `run.${id}.${index}`);
      expect(fs.readFileSync(file, 'utf8')).toContain(`index=${index} id=${id}\n`);
    }
  }, 90_000);

  it("tells each element its range's step and end, which scripts split work by", async () => {
    const out = path.join(cluster.dir, 'range.%J.%I');
    const id = await submit(cluster, [
      '-J',
      'range[1-5:2,8]',
      '-o',
      out,
      'echo "$LSB_JOBINDEX $LSB_JOBINDEX_STEP $LSB_JOBINDEX_END"',
    ]);
    await waitFor('all four done', async () => {
      const rows = [...(await elements(id)).values()];
      return rows.length === 4 && rows.every((row) => row.state === 'DONE');
    });

    const firstLines = [1, 3, 5, 8].map((index) => {
      const file = path.join(cluster.dir, `range.${id}.${index}`);
      return fs.readFileSync(file, 'utf8').split('\n')[0];
    });
    expect(firstLines).toEqual(['1 2 5', '3 2 5', '5 2 5', '8 1 8']);
    // bjobs -A names the array as it was submitted.
    const summary = await cluster.command('bjobs', ['-A', '-w', '-a', String(id)]);
    expect(summary.stdout.split('\n')[1]).toMatch(new RegExp(`^${id} +range\\[1-5:2,8\\] `));
  }, 60_000);

  /** Waits until an array limited to two running elements (`%2`) has two running. */
  function twoElementsRunning(id: number): Promise<true> {
    return waitFor(
      'two elements running',
      async () => {
        const rows = [...(await elements(id)).values()];
        return rows.filter((row) => row.state === 'RUN').length === 2 || null;
      },
      30_000,
      100,
    );
  }

  it('lists only the pending elements of an array given to bjobs -p', async () => {
    const id = await submit(cluster, ['-J', 'limited[1-4]%2', 'sleep', '300']);
    try {
      await twoElementsRunning(id);
      const pending = await cluster.command('bjobs', ['-p', String(id)]);
      const rows = lines(pending.stdout).filter((line) => /^\d/.test(line));
      expect(rows.map((line) => line.split(' ')[0])).toEqual([`${id}[3]`, `${id}[4]`]);
      expect(pending.code).toBe(0);
    } finally {
      await cluster.command('bkill', [String(id)]);
    }
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('lists running jobs before pending ones, the pending ones in dispatch order', async () => {
    const held = await submit(cluster, ['-H', '-J', 'order_held', 'true']);
    const id = await submit(cluster, ['-J', 'order[1-4]%2', 'sleep', '300']);
    try {
      await twoElementsRunning(id);
      const rows = await jobRows(cluster, ['-J', 'order*']);
      expect(rows.map((row) => [row.id, row.state])).toEqual([
        [`${id}[1]`, 'RUN'],
        [`${id}[2]`, 'RUN'],
        [String(held), 'PSUSP'],
        [`${id}[3]`, 'PEND'],
        [`${id}[4]`, 'PEND'],
      ]);
    } finally {
      await cluster.command('bkill', [String(id), String(held)]);
    }
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('R4, R5: stops and resumes one pending element, leaving the others alone', async () => {
    await cluster.command('badmin', ['hclose', ...cluster.hosts.map((host) => host.name)]);
    try {
      const id = await submit(cluster, ['-J', 'held[1-3]', 'true']);
      const stopped = await cluster.command('bstop', [`${id}[2]`]);
      expect(stopped.stdout).toBe(`Job <${id}[2]> is being stopped\n`);
      let rows = await elements(id);
      expect([1, 2, 3].map((i) => rows.get(`${id}[${i}]`)?.state)).toEqual([
        'PEND',
        'PSUSP',
        'PEND',
      ]);

      const resumed = await cluster.command('bresume', [`${id}[2]`]);
      expect(resumed.stdout).toBe(`Job <${id}[2]> is being resumed\n`);
      rows = await elements(id);
      expect([...rows.values()].map((row) => row.state)).toEqual(['PEND', 'PEND', 'PEND']);
      await cluster.command('bkill', [String(id)]);
    } finally {
      await cluster.command('badmin', ['hopen', ...cluster.hosts.map((host) => host.name)]);
    }
  }, 30_000);

  it('R6: stops and resumes a range of running elements, processes included', async () => {
    const id = await submit(cluster, ['-J', 'pause[1-2]', 'sleep', '300']);
    await waitFor('both running', async () =>
      [...(await elements(id)).values()].every((row) => row.state === 'RUN'),
    );
    await waitFor('processes', async () => jobOwnProcesses(cluster, id).length >= 2);

    const stopped = await cluster.command('bstop', [`${id}[1-2]`]);
    expect(lines(stopped.stdout)).toEqual([
      `Job <${id}[1]> is being stopped`,
      `Job <${id}[2]> is being stopped`,
    ]);
    await waitFor('both USUSP', async () =>
      [...(await elements(id)).values()].every((row) => row.state === 'USUSP'),
    );
    await waitFor('processes stopped', async () =>
      jobOwnProcesses(cluster, id).every((process) => process.state === 'T'),
    );

    const resumed = await cluster.command('bresume', [`${id}[1-2]`]);
    expect(lines(resumed.stdout)).toHaveLength(2);
    await waitFor('both RUN', async () =>
      [...(await elements(id)).values()].every((row) => row.state === 'RUN'),
    );

    // R11: the whole array by its own id, answered once.
    const stoppedAll = await cluster.command('bstop', [String(id)]);
    expect(stoppedAll).toMatchObject({ stdout: `Job <${id}> is being stopped\n`, code: 0 });
    await waitFor('both USUSP again', async () =>
      [...(await elements(id)).values()].every((row) => row.state === 'USUSP'),
    );
    await waitFor('processes stopped again', async () =>
      jobOwnProcesses(cluster, id).every((process) => process.state === 'T'),
    );
    const resumedAll = await cluster.command('bresume', [String(id)]);
    expect(resumedAll).toMatchObject({ stdout: `Job <${id}> is being resumed\n`, code: 0 });
    await waitFor('both RUN again', async () =>
      [...(await elements(id)).values()].every((row) => row.state === 'RUN'),
    );
    await cluster.command('bkill', [String(id)]);
    await allEnded(id, 2);
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('R7: kills a whole array with DONE, RUN and PEND elements, answering once', async () => {
    const id = await submit(cluster, [
      '-J',
      'mixed[1-4]%2',
      'sh',
      '-c',
      'test $LSB_JOBINDEX = 1 || sleep 300',
    ]);
    await waitFor(
      'one done, two running, one pending',
      async () => {
        const states = [...(await elements(id)).values()].map((row) => row.state);
        return states.join(' ') === 'DONE RUN RUN PEND';
      },
      30_000,
    );

    const killed = await cluster.command('bkill', [String(id)]);
    expect(killed).toMatchObject({
      stdout: `Job <${id}> is being terminated\n`,
      stderr: '',
      code: 0,
    });
    const rows = await allEnded(id, 4);
    expect([...rows.values()].map((row) => row.state)).toEqual(['DONE', 'EXIT', 'EXIT', 'EXIT']);
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
  }, 60_000);

  it('R10: refuses to signal an all-finished array; bjobs -A still shows it', async () => {
    const id = await submit(cluster, ['-J', 'over[1-2]', 'true']);
    await allEnded(id, 2);

    for (const command of ['bkill', 'bstop', 'bresume']) {
      const refused = await cluster.command(command, [String(id)]);
      expect(refused).toMatchObject({
        stdout: '',
        stderr: `Job <${id}>: Job has already finished\n`,
        code: 255,
      });
    }
    const rows = await elements(id);
    expect([...rows.values()].map((row) => row.state)).toEqual(['DONE', 'DONE']);

    const summary = await cluster.command('bjobs', ['-A', '-w', String(id)]);
    expect(summary).toMatchObject({ stderr: '', code: 0 });
    const counts = '2    0    2    0    0     0     0     0';
    expect(lines(summary.stdout)[1]).toMatch(new RegExp(`^${id} +over\\[1-2\\] .* ${counts}$`));
  }, 60_000);

  it('gives an element as array id and index in -o and -json', async () => {
    const id = await submit(cluster, ['-J', 'ids[1-2]', 'true']);
    await allEnded(id, 2);

    const custom = await cluster.command('bjobs', [
      '-a',
      '-noheader',
      '-o',
      'jobid jobindex',
      '-J',
      'ids',
    ]);
    // Finished elements are listed in the order they ended, which two quick ones may swap.
    expect(lines(custom.stdout).sort()).toEqual([`${id} 1`, `${id} 2`]);
    const json = await cluster.command('bjobs', ['-json', '-o', 'jobid jobindex', `${id}[2]`]);
    expect(JSON.parse(json.stdout).RECORDS).toEqual([{ JOBID: String(id), JOBINDEX: '2' }]);

    const internal = elementJobId(id, 1);
    const listed = await cluster.command('bjobs', [String(internal)]);
    expect(listed).toMatchObject({ stderr: `${internal}: Illegal job ID.\n`, code: 255 });
    const depending = await cluster.command('bsub', ['-w', `done(${internal})`, 'true']);
    expect(depending).toMatchObject({
      stdout: '',
      stderr: `${internal}: No matching job found. Job not submitted.\n`,
      code: 255,
    });
  }, 60_000);

  it('names elements 123[4] in bhist, bacct and the job report, and bhist takes 123[4]', async () => {
    const out = path.join(cluster.dir, 'named.%J.%I.out');
    const id = await submit(cluster, ['-J', 'named[1-2]', '-o', out, 'true']);
    await allEnded(id, 2);

    const history = await cluster.command('bhist', ['-l', `${id}[2]`]);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`Job <${id}[2]>, Job Name <named[2]>`);
    expect(history.stdout).not.toContain(`Job <${id}[1]>`);
    const short = await cluster.command('bhist', ['-a', String(id)]);
    expect(short.stdout).toMatch(new RegExp(`^${id}\\[1\\] `, 'm'));
    const accounting = await cluster.command('bacct', ['-l', `${id}[1]`]);
    expect(accounting.stdout).toContain(`Job <${id}[1]>, User`);
    const report = fs.readFileSync(out.replace('%J', String(id)).replace('%I', '2'), 'utf8');
    expect(report).toContain(`Subject: Job ${id}[2]: <named[2]>`);
  }, 60_000);

  it('makes no array of a command with brackets when -J does not name one', async () => {
    const id = await submit(cluster, ['-H', 'sh', '-c', '[ -n "$HOME" ] && echo x[1]']);
    const rows = await jobRows(cluster, [String(id)]);
    expect(rows.map((row) => row.id)).toEqual([String(id)]);
    await cluster.command('bkill', [String(id)]);
  }, 30_000);

  it('R8: answers each element of a range, missing ones with No matching job found', async () => {
    const id = await submit(cluster, ['-H', '-J', 'three[1-3]', 'true']);
    const missing = await cluster.command('bkill', [`${id}[7]`]);
    expect(missing.stderr).toBe(`Job <${id}[7]>: No matching job found\n`);
    expect(missing.code).toBe(255);

    const range = await cluster.command('bkill', [`${id}[2-4]`]);
    expect(lines(range.stdout)).toEqual([
      `Job <${id}[2]> is being terminated`,
      `Job <${id}[3]> is being terminated`,
    ]);
    expect(range.stderr).toBe(`Job <${id}[4]>: No matching job found\n`);
    const rows = await elements(id);
    expect([...rows.values()].map((row) => row.state)).toEqual(['PSUSP', 'EXIT', 'EXIT']);
    await cluster.command('bkill', [`${id}[1]`]);
  }, 30_000);

  it('R9: kills a 1,000-element array while its elements finish, each ending rightly', async () => {
    const id = await submit(cluster, [
      '-J',
      'churn[1-1000]%4',
      'sh',
      '-c',
      'sleep 0.$(( (LSB_JOBINDEX * 37) % 10 ))',
    ]);
    await waitFor(
      'some done',
      async () =>
        [...(await elements(id)).values()].filter((row) => row.state === 'DONE').length >= 3,
      30_000,
    );

    const doneBefore = [...(await elements(id)).values()].filter((row) => row.state === 'DONE');
    const killed = await cluster.command('bkill', [String(id)]);
    expect(killed).toMatchObject({
      stdout: `Job <${id}> is being terminated\n`,
      stderr: '',
      code: 0,
    });
    const rows = await allEnded(id, 1000);
    for (const row of rows.values()) {
      expect(['DONE', 'EXIT']).toContain(row.state);
    }
    for (const row of doneBefore) {
      expect(rows.get(row.id)?.state).toBe('DONE');
    }
    await waitFor('no process left', async () => jobProcesses(cluster, id).length === 0);
    for (const host of cluster.hosts) {
      expect(cluster.daemon('sbatchd', host).running).toBe(true);
    }
    expect(cluster.daemon('mbatchd', cluster.hosts[0]).running).toBe(true);
  }, 90_000);
});
