import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import Database from 'better-sqlite3';

import type { HistoryEvent } from '../../src/domain/history-event';
import type { Job } from '../../src/domain/job';
import { JobStore, StoreWriteError } from '../../src/domain/store';

function makeJob(id: number, overrides: Partial<Job> = {}): Job {
  return {
    id,
    spec: {
      command: 'sleep 10',
      jobName: 'sleep 10',
      queue: 'normal',
      queueGiven: false,
      user: 'alice',
      uid: 1000,
      gid: 1000,
      fromHost: 'hostA',
      cwd: '/home/alice',
      overwriteOutput: false,
      overwriteError: false,
      hold: false,
      slots: 1,
      askedHosts: [],
      project: 'default',
      env: { PATH: '/usr/bin:/bin' },
      umask: 0o22,
      submitTimeMs: 1_700_000_000_000,
    },
    state: 'PEND',
    hostUnreachable: false,
    pendReason: 'New job is waiting for scheduling',
    execHosts: [],
    dispatchAttempt: 0,
    ...overrides,
  };
}

function makeEvent(jobId: number, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    jobId,
    timeMs: 1_700_000_000_000 + jobId,
    kind: 'SUBMIT',
    actor: 'alice',
    to: 'PEND',
    reason: '',
    ...overrides,
  };
}

describe('JobStore', () => {
  let dir: string;
  let dbPath: string;
  let store: JobStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-store-'));
    dbPath = path.join(dir, 'mbatchd.db');
    store = JobStore.open(dbPath);
  });

  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function reopen(): JobStore {
    store.close();
    store = JobStore.open(dbPath);
    return store;
  }

  describe('bookkeeping of derived files', () => {
    it('writes a staged meta value with the next transaction, or at close', async () => {
      store.stageMeta('lsb_events_seq', 7);
      expect(store.readMeta('lsb_events_seq')).toBeUndefined();

      await store.commit({ jobs: [makeJob(1)] });
      expect(store.readMeta('lsb_events_seq')).toBe(7);

      store.stageMeta('lsb_events_seq', 9);
      expect(reopen().readMeta('lsb_events_seq')).toBe(9);
    });

    it('tells its listeners after each committed transaction only', async () => {
      let told = 0;
      store.onCommitted(() => (told += 1));

      await Promise.all([
        store.commit({ jobs: [makeJob(1)] }),
        store.commit({ jobs: [makeJob(2)] }),
      ]);
      await expect(store.commit({ nextJobId: -1 })).rejects.toBeInstanceOf(StoreWriteError);

      expect(told).toBe(1);
    });

    it('keeps its files private to their owner', () => {
      for (const file of fs.readdirSync(dir)) {
        expect(fs.statSync(path.join(dir, file)).mode & 0o077).toBe(0);
      }
    });
  });

  describe('round trip', () => {
    it('returns after reopening the jobs, events, host and queue states it committed', async () => {
      const running = makeJob(2, {
        state: 'RUN',
        pendReason: '',
        execHosts: ['hostB', 'hostB'],
        dispatchAttempt: 1,
        startTimeMs: 1_700_000_000_500,
        pid: 4242,
      });
      const dispatch = makeEvent(2, {
        kind: 'DISPATCH',
        actor: 'mbatchd',
        from: 'PEND',
        to: 'RUN',
        details: { hosts: ['hostB', 'hostB'], attempt: 1 },
      });

      await store.commit({
        jobs: [makeJob(1), running],
        events: [makeEvent(1), makeEvent(2), dispatch],
        hostStates: [['hostB', { adminClosed: true }]],
        queueStates: [['normal', { open: true, active: false }]],
      });
      const loaded = reopen().loadAll();

      expect(loaded.jobs).toEqual([makeJob(1), running]);
      expect(loaded.hostStates).toEqual(new Map([['hostB', { adminClosed: true }]]));
      expect(loaded.queueStates).toEqual(new Map([['normal', { open: true, active: false }]]));
      expect(store.history(2)).toEqual([makeEvent(2), dispatch]);
    });

    it('keeps only the latest version of a job committed twice', async () => {
      await store.commit({ jobs: [makeJob(1)] });
      await store.commit({ jobs: [makeJob(1, { state: 'PSUSP', pendReason: 'held' })] });

      expect(reopen().loadAll().jobs).toEqual([makeJob(1, { state: 'PSUSP', pendReason: 'held' })]);
    });

    it('removes deleted jobs but keeps their history', async () => {
      await store.commit({ jobs: [makeJob(1), makeJob(2)], events: [makeEvent(1)] });
      await store.commit({ deleteJobs: [1] });

      expect(reopen().loadAll().jobs).toEqual([makeJob(2)]);
      expect(store.history(1)).toEqual([makeEvent(1)]);
    });

    it('replaces a host or queue state committed again under the same name', async () => {
      await store.commit({ hostStates: [['hostA', { adminClosed: true }]] });
      await store.commit({ hostStates: [['hostA', { adminClosed: false }]] });

      expect(reopen().loadAll().hostStates).toEqual(new Map([['hostA', { adminClosed: false }]]));
    });
  });

  describe('job ids', () => {
    it('starts a new store at job id 1', () => {
      expect(store.loadAll().nextJobId).toBe(1);
      expect(store.allocateJobIds(1)).toBe(1);
    });

    it('hands out consecutive ranges that never overlap', () => {
      expect(store.allocateJobIds(3)).toBe(1);
      expect(store.allocateJobIds(1)).toBe(4);
      expect(store.allocateJobIds(2)).toBe(5);
    });

    it('never reuses an id after close and reopen once a job using it was committed', async () => {
      const first = store.allocateJobIds(3);
      await store.commit({ jobs: [makeJob(first)] });

      expect(reopen().loadAll().nextJobId).toBe(4);
      expect(store.allocateJobIds(1)).toBe(4);
    });

    it('raises the next id past a committed job whose id was not allocated', async () => {
      await store.commit({ jobs: [makeJob(41)] });

      expect(reopen().allocateJobIds(1)).toBe(42);
    });

    it("counts an array element as its array's id, not as its full id", async () => {
      await store.commit({ jobs: [makeJob(7 * 2 ** 32 + 41)] });

      expect(reopen().allocateJobIds(1)).toBe(42);
    });

    it('raises the next id to an explicit nextJobId but never lowers it', async () => {
      await store.commit({ nextJobId: 100 });
      await store.commit({ nextJobId: 50 });

      expect(reopen().loadAll().nextJobId).toBe(100);
    });

    it('rejects a count that is not a positive integer with RangeError', () => {
      expect(() => store.allocateJobIds(0)).toThrow(RangeError);
      expect(() => store.allocateJobIds(1.5)).toThrow(RangeError);
    });

    it('fails a commit whose nextJobId is not a positive integer', async () => {
      await expect(store.commit({ nextJobId: Number.NaN })).rejects.toThrow(StoreWriteError);

      expect(store.allocateJobIds(1)).toBe(1);
    });
  });

  describe('group commit', () => {
    it('writes all commits of one turn in one transaction, then resolves them all', async () => {
      const commits = Array.from({ length: 50 }, () => {
        const id = store.allocateJobIds(1);
        return store.commit({ jobs: [makeJob(id)], events: [makeEvent(id)] });
      });

      await Promise.all(commits);

      expect(store.transactionCount).toBe(1);
      expect(reopen().loadAll().jobs).toHaveLength(50);
    });

    it('writes commits awaited one after another in separate transactions', async () => {
      await store.commit({ jobs: [makeJob(1)] });
      await store.commit({ jobs: [makeJob(2)] });

      expect(store.transactionCount).toBe(2);
    });

    it('fails every commit of a broken transaction and writes none of them', async () => {
      const good = store.commit({ jobs: [makeJob(1)], events: [makeEvent(1)] });
      const bad = store.commit({ jobs: [makeJob(1.5)], hostStates: [['hostA', { x: 1 }]] });

      const results = await Promise.allSettled([good, bad]);

      for (const result of results) {
        expect(result.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as StoreWriteError;
        expect(error).toBeInstanceOf(StoreWriteError);
        expect(error.changeCount).toBe(2);
        expect(error.message).toBe('store transaction of 2 change(s) failed: datatype mismatch');
        expect(error.cause).toBeInstanceOf(Error);
      }
      expect(store.transactionCount).toBe(0);
      const loaded = reopen().loadAll();
      expect(loaded.jobs).toEqual([]);
      expect(loaded.hostStates.size).toBe(0);
      expect(store.history(1)).toEqual([]);
    });

    it('keeps accepting commits after a failed transaction', async () => {
      await expect(store.commit({ jobs: [makeJob(1.5)] })).rejects.toThrow(StoreWriteError);

      await store.commit({ jobs: [makeJob(1)] });

      expect(reopen().loadAll().jobs).toEqual([makeJob(1)]);
    });

    it('writes the commits still waiting when closed', async () => {
      const pending = store.commit({ jobs: [makeJob(1)] });

      store.close();
      await pending;

      store = JobStore.open(dbPath);
      expect(store.loadAll().jobs).toEqual([makeJob(1)]);
    });
  });

  describe('commitSync', () => {
    it('writes at once, after the commits still waiting, in the same transaction', async () => {
      const waiting = store.commit({ events: [makeEvent(1, { reason: 'first' })] });

      store.commitSync({ events: [makeEvent(1, { kind: 'STATE', reason: 'second' })] });

      expect(store.transactionCount).toBe(1);
      expect(store.history(1).map((event) => event.reason)).toEqual(['first', 'second']);
      await expect(waiting).resolves.toBeUndefined();
    });

    it('throws StoreWriteError and writes nothing when the transaction fails', () => {
      const failing = () => store.commitSync({ events: [makeEvent(1)], jobs: [makeJob(1.5)] });

      expect(failing).toThrow(StoreWriteError);
      expect(store.history(1)).toEqual([]);
    });
  });

  describe('history', () => {
    it('returns only the asked job events, oldest first', async () => {
      await store.commit({ events: [makeEvent(1), makeEvent(2)] });
      await store.commit({
        events: [
          makeEvent(1, { kind: 'DISPATCH', from: 'PEND', to: 'RUN', reason: '' }),
          makeEvent(2, { kind: 'SIGNAL', to: undefined, details: { signal: 'KILL' } }),
          makeEvent(1, { kind: 'FINISH', from: 'RUN', to: 'DONE', reason: '' }),
        ],
      });

      expect(store.history(1).map((event) => event.kind)).toEqual(['SUBMIT', 'DISPATCH', 'FINISH']);
      expect(store.history(3)).toEqual([]);
    });

    it('maps each asked job to its events, with [] for a job without any', async () => {
      await store.commit({ events: [makeEvent(1), makeEvent(2), makeEvent(3)] });

      const histories = store.historyForJobs([3, 1, 9]);

      expect([...histories.keys()]).toEqual([3, 1, 9]);
      expect(histories.get(3)).toEqual([makeEvent(3)]);
      expect(histories.get(1)).toEqual([makeEvent(1)]);
      expect(histories.get(9)).toEqual([]);
    });

    it('pages through all events after a sequence number in write order', async () => {
      await store.commit({ events: [makeEvent(1), makeEvent(2), makeEvent(1, { kind: 'STATE' })] });

      const firstPage = store.eventsSince(0, 2);
      const secondPage = store.eventsSince(firstPage[1].seq);

      expect(firstPage.map((entry) => entry.event)).toEqual([makeEvent(1), makeEvent(2)]);
      expect(secondPage.map((entry) => entry.event)).toEqual([makeEvent(1, { kind: 'STATE' })]);
      expect(store.eventsSince(secondPage[0].seq)).toEqual([]);
    });

    it('is indexed so one job history is read without scanning all events', () => {
      const db = new Database(dbPath, { readonly: true });
      const plan = db
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM events WHERE job_id = ? ORDER BY seq')
        .all(1) as { detail: string }[];
      db.close();

      expect(plan.map((step) => step.detail)).toEqual([
        'SEARCH events USING INDEX events_by_job (job_id=?)',
      ]);
    });
  });

  describe('durability', () => {
    it('keeps an acknowledged commit when its process is killed right after', () => {
      const child = `
        const fs = require('fs');
        const ts = require(process.argv[3]);
        require.extensions['.ts'] = (module, file) => {
          const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022,
            esModuleInterop: true };
          const source = fs.readFileSync(file, 'utf8');
          module._compile(ts.transpileModule(source, { compilerOptions: options }).outputText,
            file);
        };
        const { JobStore } = require(process.argv[2]);
        const store = JobStore.open(process.argv[1]);
        const id = store.allocateJobIds(1);
        store.commit({ jobs: [JSON.parse(process.argv[4])],
          events: [JSON.parse(process.argv[5])] }).then(() => {
          console.log('ok', id);
          process.kill(process.pid, 'SIGKILL');
        });
      `;
      store.close();

      const result = spawnSync(
        process.execPath,
        [
          '-e',
          child,
          dbPath,
          path.resolve(__dirname, '../../src/domain/store.ts'),
          require.resolve('typescript'),
          JSON.stringify(makeJob(1)),
          JSON.stringify(makeEvent(1)),
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );

      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('ok 1\n');
      expect(result.signal).toBe('SIGKILL');
      expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);
      store = JobStore.open(dbPath);
      const loaded = store.loadAll();
      expect(loaded.jobs).toEqual([makeJob(1)]);
      expect(loaded.nextJobId).toBe(2);
      expect(store.history(1)).toEqual([makeEvent(1)]);
    }, 30_000);
  });
});
