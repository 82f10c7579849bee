import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  ListJobsRequest,
  MbatchdServiceClient,
} from '../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../services/common/src/generated/lavalite/v1/lsbe';
import { TestCluster } from './harness/cluster';

/**
 * LSF_AUTH=trust, the single-user sandbox: every daemon warns at start that users are not
 * authenticated, and mbatchd takes a request without a MUNGE credential. Without LSF_ROOT_REX,
 * jobs of root are refused.
 */
describe('LSF_AUTH=trust without LSF_ROOT_REX', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsfConf: { LSF_AUTH: 'trust', LSF_ROOT_REX: 'n' },
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5 },
  });
  const [host] = cluster.hosts;

  beforeAll(() => cluster.startAll(), 30_000);

  afterAll(() => cluster.teardown());

  it('every daemon warns at start that users are not authenticated', () => {
    for (const kind of ['lim', 'mbatchd', 'sbatchd'] as const) {
      const log = fs.readFileSync(cluster.daemon(kind, host).logFile, 'utf8');
      expect(log).toMatch(/"level":"warn","message":"users are not authenticated"/);
    }
  });

  it('mbatchd answers a request without a MUNGE credential', async () => {
    const client = new MbatchdServiceClient(
      `${host.address}:${cluster.limPort + 1}`,
      grpc.credentials.createInsecure(),
    );
    const reply = await new Promise<{ lsbe?: Lsbe; error: grpc.ServiceError | null }>((resolve) =>
      client.listJobs(
        ListJobsRequest.fromPartial({ selection: { user: 'all' }, requester: 'root' }),
        new grpc.Metadata(),
        { deadline: Date.now() + 5000 },
        (error, response) => resolve({ error, lsbe: response?.lsbe }),
      ),
    );
    client.close();

    expect(reply).toEqual({ error: null, lsbe: Lsbe.LSBE_NO_ERROR });
  });

  it('a job of root is refused', async () => {
    const result = await cluster.command('bsub', ['true']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Root job submission is disabled');
    expect((await cluster.command('bjobs', ['-a', '-u', 'all'])).stdout).not.toMatch(/^\d+/m);
  });
});
