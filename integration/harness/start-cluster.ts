import type { TestCluster } from './cluster';
import { waitFor } from './processes';

/**
 * Starts every host's daemons with the first host as master: its lim first (so that it wins
 * the election even on a loaded machine), then the other lims, mbatchd on the first host and
 * sbatchd everywhere; resolves once bhosts shows every host ok.
 */
export async function startCluster(cluster: TestCluster): Promise<void> {
  const [master, ...others] = cluster.hosts;
  cluster.start('lim', master);
  await waitFor('master lim', async () => (await cluster.command('lsid')).code === 0, 30_000);
  others.forEach((host) => cluster.start('lim', host));
  cluster.start('mbatchd', master);
  cluster.hosts.forEach((host) => cluster.start('sbatchd', host));
  await waitFor(
    'every host ok in bhosts',
    async () => {
      const result = await cluster.command('bhosts');
      return (result.stdout.match(/^\S+\s+ok\s/gm) ?? []).length === cluster.hosts.length;
    },
    45_000,
  );
}
