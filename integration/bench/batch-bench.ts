/**
 * Measures a local one-host cluster against the budgets of ARCHITECTURE section 11 and prints
 * the figures; it asserts nothing. Run it with `make bench`. Jobs are submitted held, so the
 * figures are those of mbatchd's durable submit and query paths, not of running jobs.
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ListJobsRequest,
  SubmitJobRequest,
} from '../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../services/common/src/generated/lavalite/v1/lsbe';
import { buildSubmitRequest } from '../../clients/cli/src/lib/bsub-request';
import { readClusterConfig } from '../../clients/cli/src/lib/cluster';
import { connectToMbatchd, currentUser, Mbatchd } from '../../clients/cli/src/lib/mbatchd-client';
import { TestCluster, TestHost } from '../harness/cluster';
import { waitFor } from '../harness/processes';
import { figure, latencySummary, residentBytes } from './figures';

const SERIAL_SUBMISSIONS = 1_000;
const CONCURRENT_SUBMISSIONS = 10_000;
/** Requests in flight at once during the concurrent run. */
const IN_FLIGHT = 200;
const LIST_REPEATS = 20;
const PROCESS_REPEATS = 10;

function heldJobRequest(): SubmitJobRequest {
  const job = { command: 'true', jobName: 'bench', options: { hold: true } };
  return buildSubmitRequest(job, {
    cwd: '/tmp',
    env: { PATH: '/usr/bin:/bin' },
    umask: 0o022,
    hostName: 'bench',
    user: currentUser(),
  });
}

async function submitOnce(mbatchd: Mbatchd, request: SubmitJobRequest): Promise<number> {
  const started = performance.now();
  const reply = await mbatchd.call(mbatchd.client.submitJob, request);
  if (reply.lsbe !== Lsbe.LSBE_NO_ERROR) {
    throw new Error(`submission refused: ${Lsbe[reply.lsbe]}`);
  }
  return performance.now() - started;
}

async function serialSubmissions(mbatchd: Mbatchd): Promise<void> {
  const request = heldJobRequest();
  const latencies: number[] = [];
  for (let i = 0; i < SERIAL_SUBMISSIONS; i++) {
    latencies.push(await submitOnce(mbatchd, request));
  }
  console.log(latencySummary(`submit, ${SERIAL_SUBMISSIONS} serial`, latencies));
}

async function concurrentSubmissions(mbatchd: Mbatchd): Promise<void> {
  const request = heldJobRequest();
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < CONCURRENT_SUBMISSIONS) {
      next++;
      latencies.push(await submitOnce(mbatchd, request));
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;

  console.log(
    latencySummary(`submit, ${CONCURRENT_SUBMISSIONS} with ${IN_FLIGHT} in flight`, latencies),
  );
  console.log(figure('  throughput', `${(latencies.length / seconds).toFixed(0)} per second`));
}

function listEverything(): ListJobsRequest {
  return ListJobsRequest.fromPartial({
    selection: { user: 'all', all: true },
    requester: currentUser().name,
  });
}

async function listLatency(mbatchd: Mbatchd, jobsInSystem: number): Promise<void> {
  const latencies: number[] = [];
  let listed = 0;
  for (let i = 0; i < LIST_REPEATS; i++) {
    const started = performance.now();
    const reply = await mbatchd.call(mbatchd.client.listJobs, listEverything());
    latencies.push(performance.now() - started);
    listed = reply.jobs.length;
  }
  console.log(
    latencySummary(`list all jobs through the API (${listed} of ${jobsInSystem})`, latencies),
  );
}

/**
 * mbatchd's resident memory, and its growth per job since it held none. Right after a burst
 * of submissions it holds the garbage V8 has not collected yet; after a restart, mostly jobs.
 */
function memoryPerJob(
  cluster: TestCluster,
  host: TestHost,
  emptyBytes: number,
  jobs: number,
  when: string,
): void {
  const bytes = residentBytes(cluster.daemon('mbatchd', host).pid);
  const perJob = (bytes - emptyBytes) / jobs;
  const label = `mbatchd memory, ${jobs} jobs, ${when}`;
  console.log(
    figure(label, `${(bytes / 2 ** 20).toFixed(0)} MiB, ${perJob.toFixed(0)} bytes a job`),
  );
}

/**
 * Time from starting mbatchd until it lists every job, after stopping it with `signal`:
 * SIGTERM for a clean stop, SIGKILL for a crash.
 */
async function restartLatency(
  cluster: TestCluster,
  host: TestHost,
  signal: NodeJS.Signals,
  jobsInSystem: number,
): Promise<void> {
  await cluster.stop('mbatchd', host, signal);

  // Each probe gives up within 20 ms instead of waiting, as commands do, through reconnect
  // backoffs that would blur the figure; their "still trying" is not part of the output.
  const config = readClusterConfig('bench');
  const lsfConf = new Map(config.lsfConf).set('LSB_NTRIES', '1').set('LSB_API_CONNTIMEOUT', '0.02');
  const probeConfig = { ...config, lsfConf };
  const writeStderr = process.stderr.write;
  process.stderr.write = () => true;

  const started = performance.now();
  cluster.start('mbatchd', host);
  await waitFor(
    'mbatchd to list every job',
    async () => {
      const mbatchd = await connectToMbatchd(probeConfig, 'bench');
      try {
        const reply = await mbatchd.call(mbatchd.client.listJobs, listEverything());
        return reply.jobs.length === jobsInSystem;
      } catch {
        return false;
      } finally {
        mbatchd.close();
      }
    },
    30_000,
    5,
  ).finally(() => (process.stderr.write = writeStderr));
  const elapsed = performance.now() - started;

  const label = `mbatchd restart after ${signal}, all jobs listed`;
  console.log(figure(label, `${elapsed.toFixed(0)} ms`));
}

/** Wall time of a command as a whole process, as a user or a workflow engine runs it. */
function processLatency(
  cluster: TestCluster,
  label: string,
  command: string,
  args: string[],
): void {
  const latencies: number[] = [];
  for (let i = 0; i < PROCESS_REPEATS; i++) {
    const started = performance.now();
    const result = spawnSync(path.join(cluster.prefix, 'bin', command), args, {
      env: cluster.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    latencies.push(performance.now() - started);
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${result.stderr}`);
    }
  }
  console.log(latencySummary(label, latencies));
}

function nodeStartLatency(): void {
  const latencies: number[] = [];
  for (let i = 0; i < PROCESS_REPEATS; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    latencies.push(performance.now() - started);
  }
  console.log(latencySummary('node -e 0 (the floor for any command)', latencies));
}

async function main(): Promise<void> {
  const cluster = new TestCluster({ hosts: 1, lsbParams: { MBD_SLEEP_TIME: 1 } });
  const [host] = cluster.hosts;
  process.env.LSF_ENVDIR = cluster.envDir;
  try {
    cluster.start('lim', host);
    await waitFor('lim', async () => (await cluster.command('lsid')).code === 0);
    cluster.start('mbatchd', host);
    await waitFor('mbatchd', async () => (await cluster.command('bqueues')).code === 0);
    const mbatchd = await connectToMbatchd(readClusterConfig('bench'), 'bench');
    const emptyBytes = residentBytes(cluster.daemon('mbatchd', host).pid);

    console.log(`LavaLite batch benchmark, store under ${cluster.dir}`);
    await serialSubmissions(mbatchd);
    await listLatency(mbatchd, SERIAL_SUBMISSIONS);
    await concurrentSubmissions(mbatchd);
    await listLatency(mbatchd, SERIAL_SUBMISSIONS + CONCURRENT_SUBMISSIONS);
    mbatchd.close();
    const submitted = SERIAL_SUBMISSIONS + CONCURRENT_SUBMISSIONS;
    memoryPerJob(cluster, host, emptyBytes, submitted, 'after submitting');

    nodeStartLatency();
    processLatency(cluster, 'bsub -H true, whole process', 'bsub', ['-H', 'true']);
    processLatency(cluster, 'bjobs 1, whole process', 'bjobs', ['1']);
    processLatency(cluster, 'bjobs -u all (11,000 jobs), whole process', 'bjobs', ['-u', 'all']);

    const jobsInSystem = SERIAL_SUBMISSIONS + CONCURRENT_SUBMISSIONS + PROCESS_REPEATS;
    await restartLatency(cluster, host, 'SIGTERM', jobsInSystem);
    await restartLatency(cluster, host, 'SIGKILL', jobsInSystem);
    memoryPerJob(cluster, host, emptyBytes, jobsInSystem, 'restarted');
  } finally {
    await cluster.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
