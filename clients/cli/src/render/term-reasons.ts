/** LSF's explanations of the TERM_* reasons, printed after `Completed <exit>;`. */
export const TERM_REASON_TEXT: Readonly<Record<string, string>> = {
  TERM_OWNER: 'job killed by owner',
  TERM_ADMIN: 'job killed by root or LSF administrator',
  TERM_FORCE_OWNER: 'job killed by owner without time for cleanup',
  TERM_FORCE_ADMIN: 'job killed by root or LSF administrator without time for cleanup',
  TERM_REQUEUE_OWNER: 'job killed and requeued by owner',
  TERM_REQUEUE_ADMIN: 'job killed and requeued by root or LSF administrator',
  TERM_RUNLIMIT: 'job killed after reaching LSF run time limit',
  TERM_CPULIMIT: 'job killed after reaching LSF CPU usage limit',
  TERM_MEMLIMIT: 'job killed after reaching LSF memory usage limit',
  TERM_DEADLINE: 'job killed after deadline expires',
  TERM_PREEXEC_FAIL: 'job killed after its pre-execution command failed',
};

/** A TERM_* reason as bjobs -o exit_reason shows it: `TERM_OWNER: job killed by owner`. */
export function termReasonText(reason: string): string {
  const text = TERM_REASON_TEXT[reason];
  return text ? `${reason}: ${text}` : reason;
}
