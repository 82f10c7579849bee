/**
 * Measures how many trivial jobs a four-host cluster starts and finishes per second (the
 * budget of ARCHITECTURE section 11) and prints the figure; it asserts nothing. The four hosts'
 * daemons share this machine's cores with mbatchd, as the budget assumes.
 */

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ListQueuesRequest,
  SubmitJobRequest,
} from '../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../services/common/src/generated/lavalite/v1/lsbe';
import { buildSubmitRequest } from '../../clients/cli/src/lib/bsub-request';
import { readClusterConfig } from '../../clients/cli/src/lib/cluster';
import { connectToMbatchd, currentUser, Mbatchd } from '../../clients/cli/src/lib/mbatchd-client';
import { DaemonKind, TestCluster } from '../harness/cluster';
import { cpuMillis, figure, machineBusyMillis } from './figures';

const HOSTS = 4;
const SLOTS_PER_HOST = 8;
const JOBS = 2_000;
const IN_FLIGHT = 50;
const POLL_MS = 100;
/** A bound on the wait for the last job, far above any figure worth reporting. */
const GIVE_UP_MS = 600_000;

/** `bsub -o /dev/null true`, as workflow engines name an output file for every job. */
function trivialJobRequest(): SubmitJobRequest {
  return buildSubmitRequest(
    {
      command: 'true',
      jobName: 'trivial',
      options: { output: { path: '/dev/null', overwrite: false } },
    },
    {
      cwd: '/tmp',
      env: { PATH: '/usr/bin:/bin' },
      umask: 0o022,
      hostName: 'bench',
      user: currentUser(),
    },
  );
}

async function submitAll(mbatchd: Mbatchd): Promise<void> {
  const request = trivialJobRequest();
  let submitted = 0;
  const worker = async (): Promise<void> => {
    while (submitted < JOBS) {
      submitted++;
      const reply = await mbatchd.call(mbatchd.client.submitJob, request);
      if (reply.lsbe !== Lsbe.LSBE_NO_ERROR) {
        throw new Error(`submission refused: ${Lsbe[reply.lsbe]}`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/**
 * Slots of unfinished jobs, from the queues' counters: cheaper for mbatchd than listing the
 * jobs, so that the polling weighs little on the figure.
 */
async function unfinished(mbatchd: Mbatchd): Promise<number> {
  const reply = await mbatchd.call(mbatchd.client.listQueues, ListQueuesRequest.fromPartial({}));
  return reply.queues.reduce((sum, queue) => sum + queue.numJobs, 0);
}

async function waitUntilAllFinished(mbatchd: Mbatchd, started: number): Promise<void> {
  while ((await unfinished(mbatchd)) > 0) {
    if (performance.now() - started > GIVE_UP_MS) {
      throw new Error(`jobs still unfinished after ${GIVE_UP_MS} ms`);
    }
    await sleep(POLL_MS);
  }
}

/** CPU time of each kind of daemon, summed over the hosts, in milliseconds. */
function daemonCpu(cluster: TestCluster): Map<DaemonKind, number> {
  const kinds: DaemonKind[] = ['mbatchd', 'sbatchd', 'lim'];
  const hosts = (kind: DaemonKind) => (kind === 'mbatchd' ? [cluster.master] : cluster.hosts);
  return new Map(
    kinds.map((kind) => [
      kind,
      hosts(kind).reduce((sum, host) => sum + cpuMillis(cluster.daemon(kind, host).pid), 0),
    ]),
  );
}

/** Where the machine's CPU time went, per job: each kind of daemon, and everything else. */
function reportCpu(
  before: Map<DaemonKind, number>,
  after: Map<DaemonKind, number>,
  machineBusy: number,
  seconds: number,
): void {
  let daemons = 0;
  for (const [kind, millis] of after) {
    const used = millis - (before.get(kind) ?? 0);
    daemons += used;
    console.log(figure(`  CPU of ${kind} per job`, `${(used / JOBS).toFixed(2)} ms`));
  }
  const others = (machineBusy - daemons) / JOBS;
  console.log(figure('  CPU of the rest (jobs, benchmark) per job', `${others.toFixed(2)} ms`));
  const cores = machineBusy / 1000 / seconds;
  console.log(figure('  machine busy', `${cores.toFixed(2)} of ${os.cpus().length} cores`));
}

async function main(): Promise<void> {
  // The shipped lim intervals and log level, not the tests' quicker and noisier ones.
  const cluster = new TestCluster({
    hosts: HOSTS,
    maxJobsPerHost: SLOTS_PER_HOST,
    exchangeIntervalSec: 15,
    hostInactivityLimit: 5,
    lsfConf: { LSF_LOG_MASK: 'LOG_INFO' },
  });
  process.env.LSF_ENVDIR = cluster.envDir;
  try {
    await cluster.startAll();
    const mbatchd = await connectToMbatchd(readClusterConfig('bench'), 'bench');

    console.log(`LavaLite throughput benchmark, ${HOSTS} hosts of ${SLOTS_PER_HOST} slots`);
    const cpuBefore = daemonCpu(cluster);
    const busyBefore = machineBusyMillis();
    const started = performance.now();
    await submitAll(mbatchd);
    const submittedAt = performance.now();
    await waitUntilAllFinished(mbatchd, started);
    const seconds = (performance.now() - started) / 1000;
    const machineBusy = machineBusyMillis() - busyBefore;
    const cpuAfter = daemonCpu(cluster);
    mbatchd.close();

    const submitSeconds = ((submittedAt - started) / 1000).toFixed(1);
    console.log(figure(`${JOBS} trivial jobs submitted`, `${submitSeconds} s`));
    console.log(figure('  all finished after', `${seconds.toFixed(1)} s`));
    console.log(figure('  started and finished', `${(JOBS / seconds).toFixed(0)} per second`));
    reportCpu(cpuBefore, cpuAfter, machineBusy, seconds);
  } finally {
    await cluster.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
