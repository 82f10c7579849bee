import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestCluster } from './harness/cluster';
import { run } from './harness/processes';

/**
 * Debian's Snakemake 7 drives a three-rule workflow through our bsub, with a --cluster-status
 * script that asks bjobs, to its end; the rule that fails is reported as failed. Snakemake
 * and the cluster run inside a network namespace of their own with only loopback up, so the
 * workflow engine can reach nothing outside (it may probe the network when it starts).
 */
describe('Snakemake 7 through bsub and bjobs', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });
  const flow = path.join(cluster.dir, 'workflow');

  const SNAKEFILE = `
rule all:
    input: "second.txt", "broken.txt"

rule first:
    output: "first.txt"
    shell: "echo one > {output}"

rule second:
    input: "first.txt"
    output: "second.txt"
    shell: "cat {input} > {output}; echo two >> {output}"

rule broken:
    output: "broken.txt"
    shell: "echo trying; exit 3"
`;

  /** Snakemake 7 passes bsub's whole first stdout line as the job's id. */
  const STATUS_SCRIPT = `#!/bin/sh
id=$(echo "$*" | sed -n 's/^Job <\\([0-9]*\\)>.*/\\1/p')
case "$(bjobs -noheader -o stat "$id")" in
  DONE) echo success ;;
  EXIT) echo failed ;;
  *) echo running ;;
esac
`;

  /** Starts the daemons in the namespace, waits for the host, runs Snakemake, stops them. */
  function runScript(): string {
    const sbin = path.join(cluster.prefix, 'sbin');
    return `set -u
ip link set lo up
export LSF_ENVDIR='${cluster.envDir}' PATH='${cluster.prefix}/bin':"$PATH"
pids=""
trap 'kill $pids 2>/dev/null; wait' EXIT
for daemon in lim mbatchd sbatchd; do
  '${sbin}'/$daemon --host host2 2>'${cluster.dir}'/$daemon.log &
  pids="$pids $!"
done
for try in $(seq 150); do
  bhosts 2>/dev/null | grep -q '^host2 *ok' && break
  sleep 0.2
done
cd '${flow}'
snakemake --cluster 'bsub -o logs/{rule}.out -e logs/{rule}.err -J smk_{rule}' \\
  --cluster-status ./status.sh --jobs 3 --keep-going --latency-wait 10 \\
  --max-status-checks-per-second 5 --nocolor > snakemake.log 2>&1
echo "snakemake exit $?"
`;
  }

  beforeAll(() => {
    fs.mkdirSync(path.join(flow, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(flow, 'Snakefile'), SNAKEFILE);
    fs.writeFileSync(path.join(flow, 'status.sh'), STATUS_SCRIPT, { mode: 0o755 });
    fs.writeFileSync(path.join(cluster.dir, 'run.sh'), runScript());
  });

  it('runs the workflow to its end and reports the failing rule as failed', async () => {
    expect(execFileSync('snakemake', ['--version'], { encoding: 'utf8' })).toMatch(/^7\./);

    const result = await run('unshare', ['-n', 'bash', path.join(cluster.dir, 'run.sh')], {
      timeoutMs: 240_000,
    });
    const log = fs.readFileSync(path.join(flow, 'snakemake.log'), 'utf8');
    const context = `${result.stdout}${result.stderr}\n${log}`;

    expect({ exit: result.stdout.trim(), context }).toMatchObject({ exit: 'snakemake exit 1' });
    expect(fs.readFileSync(path.join(flow, 'second.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(fs.existsSync(path.join(flow, 'broken.txt'))).toBe(false);
    expect(log).toMatch(/Error in rule broken:/);
    expect(log).toMatch(/Job <\d+> is submitted to default queue <normal>\./);
    // first and second done; all, which needs broken, never runs.
    expect(log).toMatch(/2 of 4 steps \(50%\) done\nExiting because a job execution failed/);

    const brokenLog = fs.readFileSync(path.join(flow, 'logs', 'broken.out'), 'utf8').split('\n');
    expect(brokenLog[0]).toBe('trying');
    // Snakemake's job script ends a failed rule with exit 1.
    expect(brokenLog[brokenLog.indexOf('Resource usage summary:') - 2]).toBe(
      'Exited with exit code 1.',
    );
  }, 260_000);
});
