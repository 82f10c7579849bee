import { execFileSync } from 'node:child_process';
import { submit, waitForState } from './harness/batch';
import { TestCluster } from './harness/cluster';
import { clusterProcesses, jobOwnProcesses } from './harness/job-processes';
import { waitFor } from './harness/processes';

/**
 * The cluster harness itself: a host in its own network namespace takes part in the cluster,
 * and teardown leaves no daemon, no job process and no namespace, whatever the test left.
 */
describe('the cluster harness', () => {
  const cluster = new TestCluster({
    hosts: 2,
    isolatedHost: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });
  const [, isolated] = cluster.hosts;
  const namespaces = (): string => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

  afterAll(() => cluster.teardown());

  it('runs an isolated host in its namespace and tears down everything with jobs running', async () => {
    expect(namespaces()).toContain(isolated.namespace!.name);
    await cluster.startAll();
    const id = await submit(cluster, ['-m', isolated.name, '-o', '/dev/null', 'sleep', '300']);
    await waitForState(cluster, id, 'RUN');
    await waitFor('job process', async () => jobOwnProcesses(cluster, id).length > 0);
    expect(jobOwnProcesses(cluster, id).map((p) => p.host)).toContain(isolated.name);
    const sbatchd = cluster.daemon('sbatchd', isolated).pid;
    expect(execFileSync('ip', ['netns', 'identify', String(sbatchd)], { encoding: 'utf8' })).toBe(
      `${isolated.namespace!.name}\n`,
    );
    expect(clusterProcesses(cluster).length).toBeGreaterThan(5);

    await cluster.teardown();
    expect(clusterProcesses(cluster)).toEqual([]);
    expect(namespaces()).not.toContain(isolated.namespace!.name);
  }, 60_000);
});
