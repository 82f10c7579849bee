import { Lsbe } from '../../../common/src/lsbe';
import { arrayOutcome } from '../../src/domain/array-outcome';

describe('arrayOutcome', () => {
  it('succeeds when any element took the request, whatever the others answered', () => {
    expect(arrayOutcome([Lsbe.JOB_FINISH, Lsbe.NO_ERROR, Lsbe.JOB_FINISH])).toBe(Lsbe.NO_ERROR);
    expect(arrayOutcome([Lsbe.NO_ERROR])).toBe(Lsbe.NO_ERROR);
  });

  it('says the array has finished only when every element has', () => {
    expect(arrayOutcome([Lsbe.JOB_FINISH, Lsbe.JOB_FINISH])).toBe(Lsbe.JOB_FINISH);
  });

  it('prefers a refusal that says more than "already finished"', () => {
    expect(arrayOutcome([Lsbe.JOB_FINISH, Lsbe.PERMISSION])).toBe(Lsbe.PERMISSION);
    expect(arrayOutcome([Lsbe.NOT_STARTED, Lsbe.SBD_UNREACH])).toBe(Lsbe.NOT_STARTED);
  });

  it('finds no job in an array without elements', () => {
    expect(arrayOutcome([])).toBe(Lsbe.NO_JOB);
  });
});
