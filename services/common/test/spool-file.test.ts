import { elementJobId } from '../src/job-id';
import { spoolFileName } from '../src/spool-file';

describe('spoolFileName', () => {
  it('puts the submission second before the job id, and an element index after it', () => {
    expect(spoolFileName(1201, 1_764_870_000_999)).toBe('1764870000.1201.out');
    expect(spoolFileName(elementJobId(15, 3), 1_764_870_000_000)).toBe('1764870000.15.3.out');
  });
});
