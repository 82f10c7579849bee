import { mergeUsage } from '../../src/domain/run-usage';

const measure = { attempt: 1, cpuTimeSec: 2, memKb: 300, threads: 1, pids: [40], timeMs: 1 };

describe('mergeUsage', () => {
  it('keeps the highest memory of an attempt, and starts again for a new attempt', () => {
    const first = mergeUsage(undefined, measure);
    const lower = mergeUsage(first, { ...measure, memKb: 100 });
    const rerun = mergeUsage(lower, { ...measure, attempt: 2, memKb: 50 });

    expect(first.maxMemKb).toBe(300);
    expect(lower).toMatchObject({ memKb: 100, maxMemKb: 300 });
    expect(rerun).toMatchObject({ memKb: 50, maxMemKb: 50 });
  });
});
