import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPrefix } from './harness/install-tree';
import { run, waitFor } from './harness/processes';

const SCRIPT = path.resolve(__dirname, '../scripts/local-cluster.sh');

/** Pids of live processes whose environment names this LSF_ENVDIR: daemons and jobs. */
function processesOf(envDir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
        return `\0${environ}\0`.includes(`\0LSF_ENVDIR=${envDir}\0`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * The README's first commands: `make cluster` starts three hosts on loopback addresses and
 * runs the demo workload, leaving the cluster up; `make cluster-stop` leaves nothing running.
 * The test runs the same script on the installed tree (so it does not build again), in its
 * own directory and on its own ports.
 */
describe('the local cluster of the README', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-local-'));
  const envDir = path.join(dir, 'etc');
  const env = {
    ...process.env,
    LAVALITE_PREFIX: installPrefix(),
    LAVALITE_LOCAL_DIR: dir,
    LAVALITE_LOCAL_PORT: String(50_000 + (process.pid % 1000) * 3),
  };
  const inCluster = { ...env, LSF_ENVDIR: envDir };

  afterAll(() => run(SCRIPT, ['stop'], { env }));

  it('starts three hosts, runs a workload that ends DONE and EXIT on several hosts, and stops', async () => {
    const started = await run(SCRIPT, ['start'], { env, timeoutMs: 120_000 });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    for (const shown of ['$ bhosts', '$ bjobs -a -w', '$ bhist -l', '$ bstop', '$ bresume']) {
      expect(started.stdout).toContain(shown);
    }
    // Started in a directory of its own, the cluster names the stop that finds it there.
    const stop = `Stop it with: LAVALITE_LOCAL_DIR=${dir} ${SCRIPT} stop`;
    expect(started.stdout).toMatch(
      /The cluster is up\. Use it with: \. \S+\/etc\/profile\.lavalite +/,
    );
    expect(started.stdout.endsWith(`${stop}\n`)).toBe(true);

    // The cluster is still up, and its jobs ended as bjobs shows them.
    const bjobs = path.join(installPrefix(), 'bin', 'bjobs');
    const jobs = await run(bjobs, ['-a', '-w'], { env: inCluster });
    const rows = jobs.stdout
      .split('\n')
      .slice(1)
      .filter((row) => row.trim() !== '')
      .map((row) => row.trim().split(/\s+/));
    const hostsIn = (state: string): Set<string> =>
      new Set(rows.filter((row) => row[2] === state).map((row) => row[5]));
    expect(rows.map((row) => row[2]).every((state) => state === 'DONE' || state === 'EXIT')).toBe(
      true,
    );
    expect(hostsIn('DONE').size).toBeGreaterThanOrEqual(2);
    expect(hostsIn('EXIT').size).toBeGreaterThanOrEqual(2);
    expect(new Set([...hostsIn('DONE'), ...hostsIn('EXIT')])).toEqual(
      new Set(['lava1', 'lava2', 'lava3']),
    );
    expect(processesOf(envDir).length).toBeGreaterThanOrEqual(7);

    // One daemon restarted on its own while a job runs: the job still ends DONE.
    const bsub = path.join(installPrefix(), 'bin', 'bsub');
    const submitted = await run(bsub, ['-o', '/dev/null', 'sleep', '3'], { env: inCluster });
    const id = /^Job <(\d+)>/.exec(submitted.stdout)![1];
    const restarted = await run(SCRIPT, ['restart', 'mbatchd', 'lava1'], { env });
    expect(restarted.stdout).toMatch(/^mbatchd of lava1 restarted \(pid \d+\)\.\n$/);
    await waitFor('the job to end DONE after the restart', async () => {
      const row = await run(bjobs, ['-a', '-noheader', '-o', 'stat', id], { env: inCluster });
      return row.stdout === 'DONE\n' || null;
    });

    const stopped = await run(SCRIPT, ['stop'], { env });
    expect(stopped.stdout).toBe('LavaLite local cluster stopped.\n');
    expect(processesOf(envDir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'run'))).toEqual([]);
  }, 150_000);
});

describe('the systemd units of the install tree', () => {
  const prefix = installPrefix();

  it.each(['lim', 'mbatchd', 'sbatchd'])(
    'lavalite-%s.service starts the tree’s daemon',
    (daemon) => {
      const unit = fs.readFileSync(
        path.join(prefix, 'etc', 'systemd', `lavalite-${daemon}.service`),
        'utf8',
      );
      const exec = /^ExecStart=(\S+)$/m.exec(unit)![1];
      expect(exec).toBe(path.join(prefix, 'sbin', daemon));
      fs.accessSync(exec, fs.constants.X_OK);
      expect(unit).toContain(`Environment=LSF_ENVDIR=${path.join(prefix, 'etc')}\n`);
      if (daemon !== 'lim') {
        expect(unit).toMatch(/^After=.*lavalite-lim\.service/m);
      }
      if (daemon === 'sbatchd') {
        // Jobs outlive a stop or restart of sbatchd.
        expect(unit).toContain('KillMode=process\n');
      }
    },
  );
});
