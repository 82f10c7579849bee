import { limitBreach, watchesMemory } from '../../src/domain/job-limits';

describe('limitBreach', () => {
  const start = 1_000_000;

  it('is null without limits or within them', () => {
    expect(limitBreach(undefined, start, start + 10_000_000, 1e9)).toBeNull();
    expect(
      limitBreach({ runLimitSec: 60, memLimitKb: 1000 }, start, start + 59_000, 999),
    ).toBeNull();
  });

  it('names the run limit once the wall-clock time is reached', () => {
    expect(limitBreach({ runLimitSec: 60 }, start, start + 60_000, null)).toBe('TERM_RUNLIMIT');
  });

  it('names the memory limit when the processes together hold more', () => {
    expect(limitBreach({ memLimitKb: 1000 }, start, start, 1001)).toBe('TERM_MEMLIMIT');
    expect(limitBreach({ memLimitKb: 1000 }, start, start, null)).toBeNull();
  });

  it('puts the deadline before the other limits', () => {
    const limits = { termTimeMs: start + 5, runLimitSec: 1, memLimitKb: 1 };
    expect(limitBreach(limits, start, start + 5_000, 5)).toBe('TERM_DEADLINE');
  });

  it('measures memory only for a job with a memory limit', () => {
    expect(watchesMemory({ runLimitSec: 5 })).toBe(false);
    expect(watchesMemory({ memLimitKb: 5 })).toBe(true);
  });
});
