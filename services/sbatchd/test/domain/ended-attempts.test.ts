import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EndedAttempts } from '../../src/domain/ended-attempts';

describe('EndedAttempts', () => {
  let dir: string;

  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ended-')), 'ended');
  });

  afterEach(() => {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('remembers the pid of each ended attempt, also for a new instance on the directory', () => {
    const ended = new EndedAttempts(dir, 60_000);
    ended.record(12, 2, 4242, Date.now());
    ended.record(13, 1, 0, Date.now());

    const reopened = new EndedAttempts(dir, 60_000);
    expect(reopened.pidOf(12, 2)).toBe(4242);
    expect(reopened.pidOf(13, 1)).toBe(0);
    expect(reopened.pidOf(12, 1)).toBeNull();
  });

  it('forgets attempts that ended longer ago than the retention', () => {
    const ended = new EndedAttempts(dir, 60_000);
    ended.record(12, 2, 4242, Date.now());

    ended.prune(Date.now() + 30_000);
    expect(ended.pidOf(12, 2)).toBe(4242);
    ended.prune(Date.now() + 61_000);
    expect(ended.pidOf(12, 2)).toBeNull();
  });
});
