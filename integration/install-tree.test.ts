import path from 'node:path';
import { TestCluster } from './harness/cluster';
import { run } from './harness/processes';

const CHECKOUT = path.resolve(__dirname, '..');

/**
 * Starts a one-host cluster from the installed tree and runs a job, with the source checkout
 * hidden under an empty tmpfs in a private mount namespace: what a user has after
 * `make install PREFIX=...` and deleting the checkout. Every wait is bounded.
 */
const SCRIPT = `
set -eu
mount -t tmpfs lavalite-hidden-checkout "$CHECKOUT"
[ -z "$(ls -A "$CHECKOUT")" ]
cd /
pids=""
trap 'kill $pids 2>/dev/null; wait' EXIT
for daemon in lim mbatchd sbatchd; do
  "$PREFIX/sbin/$daemon" --host "$HOST" 2>"$LOGDIR/$daemon.hidden.log" &
  pids="$pids $!"
done
for i in $(seq 1 150); do
  bhosts 2>/dev/null | grep -q "^$HOST  *ok " && break
  sleep 0.2
done
lsid
bhosts
id=$(bsub -o "$LOGDIR/hidden.out" echo installed tree works | sed -n 's/^Job <\\([0-9]*\\)>.*/\\1/p')
for i in $(seq 1 150); do
  bjobs -w "$id" | grep -q " DONE " && break
  sleep 0.2
done
bjobs -w "$id"
cat "$LOGDIR/hidden.out"
lavalite lsid | head -1
`;

describe('the installed tree', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });
  const [host] = cluster.hosts;

  it('runs a cluster and a job with the source checkout gone', async () => {
    const result = await run(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', SCRIPT],
      {
        env: {
          ...cluster.env,
          CHECKOUT,
          PREFIX: cluster.prefix,
          HOST: host.name,
          LOGDIR: cluster.dir,
        },
        timeoutMs: 60_000,
      },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('My cluster name is testcluster\n');
    expect(result.stdout).toMatch(/^host2\s+ok\s/m);
    expect(result.stdout).toMatch(/^\d+\s+\S+\s+DONE\s+normal\s/m);
    expect(result.stdout).toContain('installed tree works\n');
    expect(result.stdout).toMatch(/^LavaLite \d+\.\d+\.\d+/m);
  }, 90_000);
});
