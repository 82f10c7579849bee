import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ClusterAuth } from '../services/common/src/cluster-auth';
import { daemonClientOptions } from '../services/common/src/cluster-auth-grpc';
import {
  LimServiceClient,
  LimServiceService,
  ReportLoadRequest,
  type LimServiceServer,
} from '../services/common/src/generated/lavalite/v1/lim';
import {
  ListJobsRequest,
  MbatchdServiceClient,
  SignalAction,
  SignalJobsRequest,
  SubmitJobRequest,
  type SbatchdChannelResponse,
} from '../services/common/src/generated/lavalite/v1/mbatchd';
import { SbatchdServiceClient } from '../services/common/src/generated/lavalite/v1/sbatchd';
import { Lsbe } from '../services/common/src/generated/lavalite/v1/lsbe';
import { MUNGE_HEADER } from '../services/common/src/munge';
import { stateOf, submit, waitForState } from './harness/batch';
import { TestCluster, type TestHost } from './harness/cluster';
import { run, waitFor } from './harness/processes';
import { commandAs, createUser, idOf, removeUser, type UnixUser } from './harness/unix-users';

jest.setTimeout(60_000);

const GROUP = 'lv5team';
const ALICE = 'lv5alice';
const BOB = 'lv5bob';
const FORBIDDEN = '/etc/lavalite-test-forbidden';

type Reply<T> = { error: grpc.ServiceError | null; reply?: T };

function call<Req, Res>(
  method: (
    request: Req,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<Res>,
  ) => unknown,
  self: grpc.Client,
  request: Req,
  metadata = new grpc.Metadata(),
): Promise<Reply<Res>> {
  return new Promise((resolve) =>
    method.call(self, request, metadata, { deadline: Date.now() + 5000 }, (error, reply) =>
      resolve({ error, reply }),
    ),
  );
}

/** A MUNGE credential of the user (root when none is given), from the machine's munged. */
function credential(user?: string, ttlSec?: number): string {
  const ttl = ttlSec === undefined ? [] : ['-t', String(ttlSec)];
  const args = user ? ['-u', user, '--', 'munge', '-n', ...ttl] : ['-n', ...ttl];
  return execFileSync(user ? 'runuser' : 'munge', args, { encoding: 'utf8' }).trim();
}

function withCredential(text: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(MUNGE_HEADER, text);
  return metadata;
}

const listJobs = () =>
  ListJobsRequest.fromPartial({ selection: { user: 'all' }, requester: 'root' });

/**
 * The security model with two real users: jobs run as their submitter, only owners and
 * administrators control jobs, users are proven by MUNGE, and only daemons holding the
 * cluster key can start jobs, register hosts or report load.
 */
describe('security', () => {
  const cluster = new TestCluster({
    hosts: 2,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
  });
  const [master, spare] = cluster.hosts;
  let alice: UnixUser;
  let bob: UnixUser;
  let mbatchd: MbatchdServiceClient;

  beforeAll(async () => {
    alice = createUser(ALICE, [GROUP]);
    bob = createUser(BOB);
    // The first lim is master before the others start, so mbatchd's host is the master host
    // however slowly the machine starts processes.
    cluster.start('lim', master);
    await waitFor('lim', async () => (await cluster.command('lsid')).code === 0);
    cluster.hosts.slice(1).forEach((host) => cluster.start('lim', host));
    cluster.start('mbatchd', master);
    cluster.start('sbatchd', master);
    await waitFor('host ok in bhosts', async () => {
      const result = await cluster.command('bhosts');
      return /^host2\s+ok\s/m.test(result.stdout);
    });
    const credentials = grpc.credentials.createInsecure();
    mbatchd = new MbatchdServiceClient(`${master.address}:${cluster.limPort + 1}`, credentials);
  }, 30_000);

  afterAll(async () => {
    mbatchd?.close();
    await cluster.teardown();
    removeUser(ALICE);
    removeUser(BOB, [GROUP]);
    fs.rmSync(FORBIDDEN, { force: true });
  });

  async function submitAs(user: UnixUser, args: string[], umask?: string): Promise<number> {
    const result = await commandAs(cluster, user, 'bsub', args, { umask });
    const match = /^Job <(\d+)> is submitted/m.exec(result.stdout);
    if (result.code !== 0 || !match) {
      throw new Error(`bsub as ${user.name} failed: ${result.stdout}${result.stderr}`);
    }
    return Number(match[1]);
  }

  describe('jobs run as their owner', () => {
    it('a job prints the uid, gid and groups of its submitter, in its cwd, under its umask', async () => {
      const out = path.join(alice.home, 'ids.%J.out');
      const id = await submitAs(
        alice,
        ['-o', out, 'id -u; id -g; id -G; pwd; touch made-by-job'],
        '027',
      );
      await waitForState(cluster, id, 'DONE');

      const file = out.replace('%J', String(id));
      const expected = idOf(ALICE);
      // The job's output comes first; LSF's job report, written as alice too, follows it.
      const output = fs.readFileSync(file, 'utf8');
      expect(output.slice(0, output.indexOf(`\n${'-'.repeat(60)}\nSender:`))).toBe(
        `${expected.u}\n${expected.g}\n${expected.G}\n${alice.home}\n`,
      );
      expect(output).toContain(`Sender: LSF System <${ALICE}@host2>`);
      expect(expected.G.split(' ')).toHaveLength(2);
      const stat = fs.statSync(file);
      expect([stat.uid, stat.gid]).toEqual([alice.uid, alice.gid]);
      const made = fs.statSync(path.join(alice.home, 'made-by-job'));
      expect([made.uid, made.mode & 0o777]).toEqual([alice.uid, 0o640]);
    });

    it('bsub -o into a directory the user cannot write ends the job as EXIT, unwritten', async () => {
      fs.rmSync(FORBIDDEN, { force: true });
      const id = await submitAs(alice, ['-o', FORBIDDEN, 'echo should-not-be-written']);

      // Every host would refuse it alike: the job ends instead of going back to pending.
      await waitForState(cluster, id, 'EXIT');
      const history = await commandAs(cluster, alice, 'bhist', ['-l', String(id)]);
      expect(history.stdout.replace(/\n {21}/g, '')).toContain(
        `cannot open ${FORBIDDEN}: Permission denied`,
      );
      expect(fs.existsSync(FORBIDDEN)).toBe(false);
    });
  });

  describe('only the owner or an administrator controls a job', () => {
    it("user B's bkill, bstop and bresume on user A's job are refused and change nothing", async () => {
      const id = await submitAs(alice, ['sleep', '300']);
      await waitForState(cluster, id, 'RUN');

      for (const command of ['bstop', 'bresume', 'bkill']) {
        const result = await commandAs(cluster, bob, command, [String(id)]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toBe(`Job <${id}>: User permission denied\n`);
        expect(await stateOf(cluster, id)).toBe('RUN');
      }

      const seen = await commandAs(cluster, bob, 'bjobs', ['-u', 'all', '-w']);
      expect(seen.stdout).toMatch(new RegExp(`^${id}\\s+${ALICE}\\s+RUN\\s`, 'm'));

      expect((await cluster.command('bstop', [String(id)])).stdout).toBe(
        `Job <${id}> is being stopped\n`,
      );
      await waitForState(cluster, id, 'USUSP');
      expect((await commandAs(cluster, bob, 'bresume', [String(id)])).code).not.toBe(0);
      expect(await stateOf(cluster, id)).toBe('USUSP');
      expect((await cluster.command('bresume', [String(id)])).code).toBe(0);
      await waitForState(cluster, id, 'RUN');
      expect((await cluster.command('bkill', [String(id)])).code).toBe(0);
      await waitForState(cluster, id, 'EXIT');
    });

    it("the job store, which holds users' environments, is readable by mbatchd only", async () => {
      const storeDir = path.join(cluster.dir, 'work', 'testcluster', 'logdir');
      const storeFiles = fs.readdirSync(storeDir).filter((name) => name.startsWith('mbatchd.db'));

      expect(storeFiles).toEqual(expect.arrayContaining(['mbatchd.db', 'mbatchd.db-wal']));
      for (const name of storeFiles) {
        expect(fs.statSync(path.join(storeDir, name)).mode & 0o077).toBe(0);
      }
      const asBob = (file: string) =>
        run('runuser', ['-u', bob.name, '--', 'head', '-c', '1', path.join(storeDir, file)]);
      expect((await asBob('mbatchd.db')).code).not.toBe(0);
      expect((await asBob('lsb.events')).code).toBe(0);
    });

    it('badmin is for administrators only', async () => {
      const refused = await commandAs(cluster, bob, 'badmin', ['qclose', 'normal']);
      expect(refused.stderr).toContain('User permission denied');
      expect((await cluster.command('bqueues', ['normal'])).stdout).toMatch(/Open:Active/);

      const reconfig = await commandAs(cluster, bob, 'badmin', ['reconfig']);
      expect(reconfig.code).not.toBe(0);
    });
  });

  describe('users are proven by MUNGE', () => {
    it('a request with no credential, a forged one, an expired one or a replayed one is refused', async () => {
      const none = await call(mbatchd.listJobs, mbatchd, listJobs());
      expect(none.error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(none.error?.details).toBe(
        'user authentication failed: no MUNGE credential in the request',
      );

      const real = credential();
      const middle = Math.floor(real.length / 2);
      const flipped = real[middle] === 'A' ? 'B' : 'A';
      const forged = real.slice(0, middle) + flipped + real.slice(middle + 1);
      const forgedReply = await call(mbatchd.listJobs, mbatchd, listJobs(), withCredential(forged));
      expect(forgedReply.error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(forgedReply.error?.details).toMatch(
        /^user authentication failed: MUNGE credential refused/,
      );

      const made = `MUNGE:${crypto.randomBytes(90).toString('base64')}:`;
      const madeReply = await call(mbatchd.listJobs, mbatchd, listJobs(), withCredential(made));
      expect(madeReply.error?.code).toBe(grpc.status.UNAUTHENTICATED);

      const shortLived = credential(undefined, 1);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const expired = await call(mbatchd.listJobs, mbatchd, listJobs(), withCredential(shortLived));
      expect(expired.error?.details).toBe(
        'user authentication failed: MUNGE credential refused: Expired credential (15)',
      );

      const once = credential();
      const first = await call(mbatchd.listJobs, mbatchd, listJobs(), withCredential(once));
      expect(first.error).toBeNull();
      expect(first.reply?.lsbe).toBe(Lsbe.LSBE_NO_ERROR);
      const replayed = await call(mbatchd.listJobs, mbatchd, listJobs(), withCredential(once));
      expect(replayed.error?.details).toBe(
        'user authentication failed: MUNGE credential refused: Replayed credential (17)',
      );
    });

    it("the user named in a request's payload is never believed", async () => {
      const id = await submitAs(alice, ['sleep', '300']);
      await waitForState(cluster, id, 'RUN');

      const asBob = withCredential(credential(BOB));
      const signal = await call(
        mbatchd.signalJobs,
        mbatchd,
        SignalJobsRequest.fromPartial({
          selection: { jobIds: [id] },
          action: SignalAction.SIGNAL_ACTION_KILL,
          requester: ALICE,
        }),
        asBob,
      );
      expect(signal.reply?.results).toEqual([
        { jobId: id, lsbe: Lsbe.LSBE_PERMISSION, context: '' },
      ]);
      expect(await stateOf(cluster, id)).toBe('RUN');

      const submission = await call(
        mbatchd.submitJob,
        mbatchd,
        SubmitJobRequest.fromPartial({
          submission: { command: 'true', cwd: bob.home, hold: true },
          user: ALICE,
          uid: alice.uid,
          gid: alice.gid,
        }),
        withCredential(credential(BOB)),
      );
      const owned = await cluster.command('bjobs', ['-w', String(submission.reply?.jobId)]);
      expect(owned.stdout).toMatch(
        new RegExp(`^${submission.reply?.jobId}\\s+${BOB}\\s+PSUSP`, 'm'),
      );

      await cluster.command('bkill', [String(id), String(submission.reply?.jobId)]);
    });
  });

  describe('only daemons holding the cluster key', () => {
    const strangerAuth = () =>
      daemonClientOptions(new ClusterAuth(crypto.randomBytes(32), 'mbatchd'));

    function sbatchdClient(options: grpc.ClientOptions = {}): SbatchdServiceClient {
      const target = `${master.address}:${cluster.limPort + 2}`;
      return new SbatchdServiceClient(target, grpc.credentials.createInsecure(), options);
    }

    it("a process without the key cannot start a job through sbatchd's StartJob", async () => {
      const marker = path.join(cluster.dir, 'started-by-stranger');
      const request = {
        jobId: 999_999,
        dispatchAttempt: 1,
        command: `touch ${marker}`,
        user: 'root',
        uid: 0,
        gid: 0,
        cwd: '/',
        env: {},
        umask: 0o22,
        outputFile: '/dev/null',
        overwriteOutput: false,
        errorFile: '',
        overwriteError: false,
        inputFile: '',
        jobName: 'stranger',
        queue: 'normal',
        execHosts: [master.name],
        terminateIntervalSec: 1,
        runLimitSec: 0,
        memLimitKb: 0,
        termTimeMs: 0,
        submitTimeMs: 0,
        fromHost: '',
        restart: false,
        maxSlots: 0,
        project: 'default',
        arrayIndexStep: 0,
        arrayIndexEnd: 0,
        spoolDir: '',
        preExecCommand: '',
        postExecCommand: '',
      };

      for (const client of [sbatchdClient(), sbatchdClient(strangerAuth())]) {
        const reply = await call(client.startJob, client, request);
        expect(reply.error?.code).toBe(grpc.status.UNAUTHENTICATED);
        const signalled = await call(client.signalJob, client, {
          jobId: 999_999,
          dispatchAttempt: 1,
          signal: 9,
          kill: false,
          terminateIntervalSec: 0,
        });
        expect(signalled.error?.code).toBe(grpc.status.UNAUTHENTICATED);
        client.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(fs.existsSync(marker)).toBe(false);
    });

    it('a process without the key cannot register as an execution host', async () => {
      for (const options of [{}, strangerAuth()]) {
        const client = new MbatchdServiceClient(
          `${master.address}:${cluster.limPort + 1}`,
          grpc.credentials.createInsecure(),
          options,
        );
        const channel = client.sbatchdChannel();
        const outcome = await new Promise<{ code?: number; reply?: SbatchdChannelResponse }>(
          (resolve) => {
            channel.on('data', (reply: SbatchdChannelResponse) => resolve({ reply }));
            channel.on('error', (error: grpc.ServiceError) => resolve({ code: error.code }));
            channel.write({
              hostName: spare.name,
              heldJobs: [],
              reports: [],
              heartbeat: false,
              register: true,
              usage: [],
            });
          },
        );
        expect(outcome).toEqual({ code: grpc.status.UNAUTHENTICATED });
        channel.cancel();
        client.close();
      }
      const hosts = await cluster.command('bhosts', ['-w', spare.name]);
      expect(hosts.stdout).not.toMatch(new RegExp(`^${spare.name}\\s+ok`, 'm'));
    });

    it('a process without the key cannot report load as a slave lim nor watch host status', async () => {
      const limClient = new LimServiceClient(
        `${master.address}:${cluster.limPort}`,
        grpc.credentials.createInsecure(),
      );
      const stream = limClient.reportLoad();
      const code = await new Promise<number>((resolve) => {
        stream.on('data', () => resolve(grpc.status.OK));
        stream.on('error', (error: grpc.ServiceError) => resolve(error.code));
        stream.write(ReportLoadRequest.fromPartial({ hostName: spare.name }));
      });
      expect(code).toBe(grpc.status.UNAUTHENTICATED);

      const watch = limClient.watchHostStatus({});
      const watchCode = await new Promise<number>((resolve) => {
        watch.on('data', () => resolve(grpc.status.OK));
        watch.on('error', (error: grpc.ServiceError) => resolve(error.code));
      });
      expect(watchCode).toBe(grpc.status.UNAUTHENTICATED);
      limClient.close();
    });
  });
});

/**
 * A stranger's lim on the first master candidate's address claims to be master; the real lim
 * on the second candidate takes no notice of it and becomes master itself.
 */
describe('a lim without the cluster key cannot claim mastership', () => {
  const cluster = new TestCluster({ hosts: 2, exchangeIntervalSec: 0.3 });
  const [first, second] = cluster.hosts;
  const stranger = new grpc.Server();

  beforeAll(async () => {
    const info = {
      clusterName: 'testcluster',
      masterName: first.name,
      hostName: first.name,
      isMaster: true,
      version: 'stranger',
      masterSinceMs: 1,
    };
    const implementation: Pick<LimServiceServer, 'getClusterInfo'> = {
      getClusterInfo: (_call, callback) => callback(null, info),
    };
    stranger.addService(LimServiceService, implementation as LimServiceServer);
    await new Promise<number>((resolve, reject) =>
      stranger.bindAsync(
        `${first.address}:${cluster.limPort}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    cluster.start('lim', second);
  });

  afterAll(async () => {
    stranger.forceShutdown();
    await cluster.teardown();
  });

  function infoOf(host: TestHost): Promise<Reply<{ isMaster: boolean; masterName: string }>> {
    const client = new LimServiceClient(
      `${host.address}:${cluster.limPort}`,
      grpc.credentials.createInsecure(),
    );
    return call(client.getClusterInfo, client, {}).finally(() => client.close());
  }

  it('the real lim becomes master instead of following the stranger', async () => {
    await waitFor(
      'the second candidate as master',
      async () => (await infoOf(second)).reply?.isMaster,
    );

    const info = await infoOf(second);
    expect(info.reply).toMatchObject({ isMaster: true, masterName: second.name });
    expect(fs.readFileSync(cluster.daemon('lim', second).logFile, 'utf8')).not.toMatch(
      /"to":"slave"/,
    );
  });
});
