import fs from 'node:fs';
import path from 'node:path';
import type { TestCluster } from './cluster';
import { waitFor } from './processes';

/** One process of a job on this machine, as /proc shows it. */
export interface JobProcess {
  pid: number;
  /** The state letter of /proc/<pid>/stat: R, S, D, T (stopped), Z... */
  state: string;
  /** The command name; the shepherd that watches the job is one of the processes. */
  comm: string;
  /**
   * The host whose sbatchd started it: the shepherd above it runs in that host's job
   * directory (`<LSB_SHAREDIR>/sbatchd/<host>/jobs/<id>.<attempt>`). Empty when unknown.
   */
  host: string;
}

const SHEPHERD_COMM = 'lavalite-shephe';

interface ProcStat {
  state: string;
  comm: string;
  ppid: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { state: fields[0], comm, ppid: Number(fields[1]) };
  } catch {
    // The process ended while we looked.
    return null;
  }
}

/** The pids of live processes whose environment holds every marker. */
function processesWith(markers: readonly string[]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (markers.every((marker) => `\0${environ}`.includes(`\0${marker}\0`))) {
        found.push(Number(entry));
      }
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** The host named by the job directory of the nearest shepherd at or above the process. */
function startingHost(cluster: TestCluster, pid: number): string {
  const hostsDir = path.join(cluster.dir, 'work', 'sbatchd') + path.sep;
  for (let current = pid, depth = 0; current > 1 && depth < 16; depth++) {
    const stat = readStat(current);
    if (!stat) {
      return '';
    }
    if (stat.comm === SHEPHERD_COMM) {
      try {
        const argv = fs.readFileSync(`/proc/${current}/cmdline`, 'latin1').split('\0');
        const jobDir = argv.find((arg) => arg.startsWith(hostsDir)) ?? '';
        return jobDir.slice(hostsDir.length).split(path.sep)[0] ?? '';
      } catch {
        return '';
      }
    }
    current = stat.ppid;
  }
  return '';
}

/**
 * The live processes whose environment carries LSB_JOBID=<jobId> and the cluster's
 * LSF_ENVDIR (which bsub passes on to the job): every process the job started, whichever
 * host's sbatchd started it, since all test hosts share this machine, and no process of
 * another test cluster's job with the same id.
 */
export function jobProcesses(cluster: TestCluster, jobId: number): JobProcess[] {
  const found: JobProcess[] = [];
  for (const pid of processesWith([`LSB_JOBID=${jobId}`, `LSF_ENVDIR=${cluster.envDir}`])) {
    const stat = readStat(pid);
    if (stat && stat.state !== 'Z') {
      found.push({ pid, state: stat.state, comm: stat.comm, host: startingHost(cluster, pid) });
    }
  }
  return found;
}

/** The job's own processes, without the shepherd that watches them. */
export function jobOwnProcesses(cluster: TestCluster, jobId: number): JobProcess[] {
  return jobProcesses(cluster, jobId).filter((process) => process.comm !== SHEPHERD_COMM);
}

/**
 * Waits until the job runs `program`, the last one its command starts, and returns the pids
 * of all its processes in order. Until then the shell still forks, so an earlier snapshot of
 * the pids could miss the one it is about to start.
 */
export async function settledJobPids(
  cluster: TestCluster,
  jobId: number,
  program = 'sleep',
): Promise<number[]> {
  await waitFor(`job ${jobId} running ${program}`, async () =>
    jobOwnProcesses(cluster, jobId).some((process) => process.comm === program),
  );
  return jobPids(cluster, jobId);
}

/** The pids of the job's live processes, shepherd included, in order. */
export function jobPids(cluster: TestCluster, jobId: number): number[] {
  return jobProcesses(cluster, jobId)
    .map((process) => process.pid)
    .sort((a, b) => a - b);
}

/** Every live process of the cluster, daemons and jobs: its environment names LSF_ENVDIR. */
export function clusterProcesses(cluster: TestCluster): number[] {
  return processesWith([`LSF_ENVDIR=${cluster.envDir}`]);
}

/** Kills every process any job of the cluster left (shepherds included). */
export function killClusterProcesses(cluster: TestCluster): void {
  for (const pid of processesWith([`LSF_ENVDIR=${cluster.envDir}`])) {
    try {
      // Daemons carry LSF_ENVDIR too, but teardown has stopped them; jobs carry LSB_JOBID.
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (`\0${environ}`.includes('\0LSB_JOBID=')) {
        process.kill(pid, 'SIGKILL');
      }
    } catch {
      // Already gone.
    }
  }
}
