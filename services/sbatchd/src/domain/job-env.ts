import { arrayIdOf, arrayIndexOf } from '../../../common/src/job-id';
import type { ExecutionSite, JobSpec } from './job-spec';
import type { UserEntry } from './user-entry';

/**
 * Names never copied from the submission: HOME, PWD and USER belong to the execution host
 * (as in LSF), and the job-specific LSB_* names are set here for this job, so a bsub run
 * inside another job cannot pass on its parent's values. An array element's LSB_JOBID is
 * the array's id and LSB_JOBINDEX its index, both read from the element's full id.
 */
const NOT_INHERITED = new Set([
  'HOME',
  'PWD',
  'USER',
  'LOGNAME',
  'LSFUSER',
  'LSB_JOBID',
  'LSB_JOBINDEX',
  'LSB_JOBINDEX_STEP',
  'LSB_JOBINDEX_END',
  'LSB_JOBNAME',
  'LSB_QUEUE',
  'LSB_PROJECT_NAME',
  'LS_JOBPID',
  'LSB_HOSTS',
  'LSB_MCPU_HOSTS',
  'LSB_SUBCWD',
  'LS_SUBCWD',
  'LSB_OUTPUTFILE',
  'LSB_ERRORFILE',
  'LSB_DJOB_NUMPROC',
  'LSB_DJOB_HOSTFILE',
  'LSB_SUB_HOST',
  'LSB_MAX_NUM_PROCESSORS',
  'LSB_EXEC_CLUSTER',
  'LSB_RESTART',
  'LSB_EXIT_PRE_ABORT',
  'LSF_ENVDIR',
]);

/** LSB_HOSTS is left out when it would reach this many bytes, as in LSF. */
const LSB_HOSTS_MAX_BYTES = 4096;

/** The environment a job starts with (lsf-cli reference 5.1 and 5.2). */
export function buildJobEnv(
  spec: JobSpec,
  user: UserEntry,
  site: ExecutionSite,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.env)) {
    if (!NOT_INHERITED.has(name)) {
      env[name] = value;
    }
  }

  const slots = jobSlots(spec, site);
  Object.assign(env, {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    LSFUSER: user.name,
    LSB_JOBID: String(arrayIdOf(spec.jobId)),
    LSB_JOBINDEX: String(arrayIndexOf(spec.jobId)),
    LSB_JOBNAME: spec.jobName,
    LSB_QUEUE: spec.queue,
    LSB_PROJECT_NAME: spec.project,
    LSB_MCPU_HOSTS: mcpuHosts(slots),
    LSB_SUBCWD: spec.cwd === '' ? user.home : spec.cwd,
    // OpenLava's name for the same directory, which older scripts read.
    LS_SUBCWD: spec.cwd === '' ? user.home : spec.cwd,
    LSB_DJOB_NUMPROC: String(slots.length),
    // The max of -n min,max; the slots it has when the job asked for one number.
    LSB_MAX_NUM_PROCESSORS: String(Math.max(spec.maxSlots ?? 0, slots.length)),
    LSB_EXEC_CLUSTER: site.clusterName,
    LSF_ENVDIR: site.envDir,
  });

  const hosts = slots.join(' ');
  if (Buffer.byteLength(hosts) < LSB_HOSTS_MAX_BYTES) {
    env.LSB_HOSTS = hosts;
  }
  if (spec.fromHost !== '') {
    env.LSB_SUB_HOST = spec.fromHost;
  }
  if (spec.arrayIndexStep && spec.arrayIndexEnd) {
    env.LSB_JOBINDEX_STEP = String(spec.arrayIndexStep);
    env.LSB_JOBINDEX_END = String(spec.arrayIndexEnd);
  }
  if (spec.preExecCommand) {
    // The status a pre-exec command exits with to end the job rather than have it retried.
    env.LSB_EXIT_PRE_ABORT = '99';
  }
  if (spec.restart) {
    env.LSB_RESTART = 'Y';
  }
  if (spec.outputFile !== '') {
    env.LSB_OUTPUTFILE = spec.outputFile;
  }
  if (spec.errorFile !== '') {
    env.LSB_ERRORFILE = spec.errorFile;
  }
  return env;
}

/** One host name per allocated slot; a job without allocated hosts has one slot here. */
export function jobSlots(spec: JobSpec, site: ExecutionSite): readonly string[] {
  return spec.execHosts.length > 0 ? spec.execHosts : [site.hostName];
}

/** `host count ` pairs in order of first appearance, with OpenLava's trailing space. */
export function mcpuHosts(slots: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const host of slots) {
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  return [...counts].map(([host, count]) => `${host} ${count} `).join('');
}
