import { Lsbe } from '../../../common/src/lsbe';

/**
 * The one answer to a request on a whole array (`bkill 123`), from its elements' answers: LSF
 * answers for the array as a job of its own. The request succeeds when any element took it;
 * only when none did is it refused, with the first refusal that is not "Job has already
 * finished", since that one says least.
 */
export function arrayOutcome(codes: readonly number[]): number {
  if (codes.length === 0) {
    return Lsbe.NO_JOB;
  }
  if (codes.includes(Lsbe.NO_ERROR)) {
    return Lsbe.NO_ERROR;
  }
  return codes.find((code) => code !== Lsbe.JOB_FINISH) ?? Lsbe.JOB_FINISH;
}
