import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { scriptOfCommand } from '../lib/bsub-script';

const STATUS_WORDS: Readonly<Record<number, string>> = {
  [JobState.JOB_STATE_PEND]: 'PEND',
  [JobState.JOB_STATE_PSUSP]: 'PSUSP',
  [JobState.JOB_STATE_RUN]: 'RUN',
  [JobState.JOB_STATE_SSUSP]: 'SSUSP',
  [JobState.JOB_STATE_USUSP]: 'USUSP',
  [JobState.JOB_STATE_DONE]: 'DONE',
  [JobState.JOB_STATE_EXIT]: 'EXIT',
  [JobState.JOB_STATE_UNKWN]: 'UNKWN',
};

/**
 * The STAT word of a job. UNKWN overlays the real state while the execution host does not
 * answer, as mbatchd reports it in LSF; a state this client does not know prints as OpenLava's
 * `ERROR`.
 */
export function statusWord(job: Pick<JobRecord, 'state' | 'hostUnreachable'>): string {
  if (job.hostUnreachable) {
    return 'UNKWN';
  }
  return STATUS_WORDS[job.state] ?? 'ERROR';
}

/** PEND and PSUSP: the job has no execution host yet and may have pending reasons. */
export function isPending(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === JobState.JOB_STATE_PEND || job.state === JobState.JOB_STATE_PSUSP;
}

export function isFinished(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === JobState.JOB_STATE_DONE || job.state === JobState.JOB_STATE_EXIT;
}

/**
 * A stored job name or command as one display line: a script read from standard input holds
 * newlines, which LSF shows as `;`.
 */
export function oneLine(text: string): string {
  return text.replace(/\n+$/, '').replace(/\n/g, ';');
}

/** A job's command as LSF shows it: a script's own lines, joined by `;`. */
export function shownCommand(command: string): string {
  return oneLine(scriptOfCommand(command));
}

/**
 * The reason lines of a pending job as `bjobs -p` and `bjobs -l` print them: mbatchd sends one
 * reason per line; each is shown indented by one space and ends with `;`.
 */
export function pendingReasonLines(pendReason: string): string[] {
  return pendReason
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => ` ${line.endsWith(';') ? line : `${line};`}`);
}
