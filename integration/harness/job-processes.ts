import fs from 'node:fs';
import type { TestCluster } from './cluster';

/** One process of a job on this machine, as /proc shows it. */
export interface JobProcess {
  pid: number;
  /** The state letter of /proc/<pid>/stat: R, S, D, T (stopped), Z... */
  state: string;
  /** The command name; the shepherd that watches the job is one of the processes. */
  comm: string;
}

const SHEPHERD_COMM = 'lavalite-shephe';

/**
 * The live processes whose environment carries LSB_JOBID=<jobId> and the cluster's
 * LSF_ENVDIR (which bsub passes on to the job): every process the job started, whichever
 * host's sbatchd started it, since all test hosts share this machine, and no process of
 * another test cluster's job with the same id.
 */
export function jobProcesses(cluster: TestCluster, jobId: number): JobProcess[] {
  const markers = [`LSB_JOBID=${jobId}`, `LSF_ENVDIR=${cluster.envDir}`];
  const found: JobProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!markers.every((marker) => `\0${environ}`.includes(`\0${marker}\0`))) {
        continue;
      }
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (state !== 'Z') {
        found.push({ pid: Number(entry), state, comm });
      }
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** The job's own processes, without the shepherd that watches them. */
export function jobOwnProcesses(cluster: TestCluster, jobId: number): JobProcess[] {
  return jobProcesses(cluster, jobId).filter((process) => process.comm !== SHEPHERD_COMM);
}
