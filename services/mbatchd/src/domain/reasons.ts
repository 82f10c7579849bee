/**
 * The reasons mbatchd records with a job, in OpenLava's exact words where it has them, because
 * `bjobs -p`, `bjobs -l` and `bhist` print them and users' scripts grep for them.
 */

/** Why a whole job waits, whatever the hosts look like. */
export const PendReason = {
  NEW_JOB: 'New job is waiting for scheduling',
  USER_STOP: 'The job was suspended by the user while pending',
  ADMIN_STOP: 'The job was suspended by LSF admin or root while pending',
  USER_RESUME: 'Waiting for scheduling after resumed by user',
  QUEUE_INACTIVE: 'The queue is inactivated by the administrator',
  START_TIME: 'The job has a specified start time',
  DEPEND: 'Job dependency condition not satisfied',
  DEPEND_INVALID: 'Dependency condition invalid or never satisfied',
  ARRAY_LIMIT: 'The job array has reached its running element limit',
  QUEUE_JOB_LIMIT: 'The queue has reached its job slot limit',
  QUEUE_USER_LIMIT: 'User has reached the per-user job slot limit of the queue',
  REQUEUED: 'Requeued job is waiting for rescheduling',
  /** A rerunnable job whose host failed. */
  RERUN: 'Exited; job will be requeued and rerun',
  MODIFIED: 'Waiting for re-scheduling after parameters have been changed',
  SWITCHED: 'Waiting for re-scheduling after switching queue',
  /** bsub -E failed on the host: the job did not run and waits for another dispatch. */
  PRE_EXEC: "The job's pre-exec command exited with non-zero status",
} as const;

export type PendReason = (typeof PendReason)[keyof typeof PendReason];

/** Why one host cannot take a pending job; `bjobs -p` counts the hosts behind each. */
export const HostPendReason = {
  /** lim reports the host unavailable. */
  LOAD_UNAVAIL: 'Load information unavailable',
  /** The host's sbatchd holds no live stream to mbatchd. */
  SBD_UNREACH: 'Unable to reach slave batch server',
  /** `badmin hclose`. */
  HOST_CLOSED: 'Closed by LSF administrator',
  /** The job's queue does not list the host. */
  NOT_QUEUE_HOST: 'Not usable to the queue',
  /** The job was submitted with -m and the host is not among the names given. */
  NOT_ASKED: 'Not specified in job submission',
  /** The host fails the job's select[] or has less memory than rusage[mem=] asks. */
  RES_REQ: "Job's resource requirements not satisfied",
  /** The host's free memory, less what running jobs reserve, is below rusage[mem=]. */
  RUSAGE_MEM: "Job's requirements for reserving resource (mem) not satisfied",
  /** The job asked for -x and the host runs other jobs. */
  NONEXCLUSIVE: "Job's requirement for exclusive execution not satisfied",
  /** The host runs an exclusive job. */
  EXCLUSIVE: 'Running an exclusive job',
  /** The queue's HJOB_LIMIT slots are taken on the host. */
  QUEUE_HOST_LIMIT: "Queue's per-host job slot limit reached",
  /** The queue's PJOB_LIMIT slots per CPU are taken on the host. */
  QUEUE_PROC_LIMIT: "Queue's per-CPU job slot limit reached",
  /** span[hosts=1] or ptile and no host has the slots together. */
  NO_SPAN: "Not enough processors to meet the job's spanning requirement",
  /** Every slot of the host is taken. */
  JOB_LIMIT: 'Job slot limit reached',
  /** The host has free slots, but too few for the job even with the other usable hosts. */
  LESS_SLOTS: 'Not enough job slot(s)',
} as const;

export type HostPendReason = (typeof HostPendReason)[keyof typeof HostPendReason];

/** Why a started job was suspended, as `bjobs -s` words it. */
export const SuspendReason = {
  USER: 'The job was suspended by user',
  ADMIN: 'The job was suspended by LSF admin or root',
} as const;

/** Why a suspended job runs again; LSF records no reason text here, so these are ours. */
export const ResumeReason = {
  USER: 'The job was resumed by user',
  ADMIN: 'The job was resumed by LSF admin or root',
} as const;

/** Why a job was ended by a person rather than by its own exit, as `bhist -l` and bacct show. */
export const TermReason = {
  OWNER: 'TERM_OWNER',
  ADMIN: 'TERM_ADMIN',
  RUNLIMIT: 'TERM_RUNLIMIT',
  MEMLIMIT: 'TERM_MEMLIMIT',
  DEADLINE: 'TERM_DEADLINE',
  REQUEUE_OWNER: 'TERM_REQUEUE_OWNER',
  REQUEUE_ADMIN: 'TERM_REQUEUE_ADMIN',
  /** bkill -r: recorded as ended without waiting for the host. */
  FORCE_OWNER: 'TERM_FORCE_OWNER',
  FORCE_ADMIN: 'TERM_FORCE_ADMIN',
  /** The pre-exec command failed on the host; the job ends only when it exits 99. */
  PREEXEC_FAIL: 'TERM_PREEXEC_FAIL',
} as const;

/** A pre-exec command's exit status that ends the job rather than retry it (LSF's 99). */
export const PRE_EXEC_ABORT_EXIT = 99;
