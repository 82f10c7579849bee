/**
 * The durable store of mbatchd: jobs, their append-only history, the next job id and the
 * administrative state of hosts and queues, in one SQLite file in WAL mode.
 */

import fs from 'node:fs';

import Database from 'better-sqlite3';

import { arrayIdOf } from '../../../common/src/job-id';
import type { HistoryEntry, HistoryEvent } from './history-event';
import type { Job } from './job';
import { SCHEMA, prepareStatements, toEvent, toStateMap, type Statements } from './store-sql';

/** Everything one request changes; written whole or not at all. */
export interface StoreChange {
  /** Jobs to insert or replace, whole. */
  jobs?: Job[];
  /** Events to append, in this order. */
  events?: HistoryEvent[];
  /** Raises the stored next job id; the store never lowers it. */
  nextJobId?: number;
  /** Batch-host state (e.g. closed by an administrator) by host name, replaced whole. */
  hostStates?: [string, unknown][];
  /** Queue state (open or closed, active or inactive) by queue name, replaced whole. */
  queueStates?: [string, unknown][];
  /** Job rows to remove; their history stays. Applied after this change's upserts. */
  deleteJobs?: number[];
}

/** What mbatchd reloads at start. */
export interface StoreSnapshot {
  /** In ascending id order. */
  jobs: Job[];
  /** Greater than every job id ever stored. */
  nextJobId: number;
  hostStates: Map<string, unknown>;
  queueStates: Map<string, unknown>;
}

/**
 * Thrown by `commitSync` and rejected by `commit` when a transaction could not be committed.
 * Nothing of the transaction was written; every change that shared it fails with this error.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';

  /** `changeCount` is how many submitted changes shared the failed transaction. */
  constructor(
    readonly changeCount: number,
    cause: unknown,
  ) {
    super(`store transaction of ${changeCount} change(s) failed: ${messageOf(cause)}`, { cause });
  }
}

interface Waiter {
  change: StoreChange;
  resolve: () => void;
  reject: (error: StoreWriteError) => void;
}

/** How many events `eventsSince` returns when the caller does not say. */
const DEFAULT_EVENTS_PAGE = 10_000;

/**
 * The only writer of mbatchd's state. Callers follow one order for every request:
 * build a `StoreChange` from the current memory without touching it, `await store.commit()`,
 * then apply the same change to memory, then reply. A rejected commit means nothing was
 * written: the caller must neither apply nor acknowledge the change.
 *
 * Changes submitted in the same event-loop turn share one transaction and one fsync, which is
 * how concurrent submissions are fast without being less durable. Reads other than `loadAll`
 * serve history only and always go through an index.
 */
export class JobStore {
  private pending: Waiter[] = [];

  private flushTimer: NodeJS.Immediate | undefined;

  /** The next id `allocateJobIds` hands out; at least `storedNextJobId`. */
  private nextJobId: number;

  private storedNextJobId: number;

  private committed = 0;

  /** Meta values to write with the next transaction, by key. */
  private stagedMeta = new Map<string, number>();

  private readonly commitListeners: (() => void)[] = [];

  private readonly writeChanges: (
    changes: readonly StoreChange[],
    meta: Map<string, number>,
  ) => number;

  private readonly stmt: Statements;

  private constructor(private readonly db: Database.Database) {
    this.stmt = prepareStatements(db);
    this.writeChanges = db.transaction(
      (changes: readonly StoreChange[], meta: Map<string, number>) =>
        this.applyChanges(changes, meta),
    );

    this.storedNextJobId = this.stmt.getMeta.get('next_job_id') as number;
    this.nextJobId = this.storedNextJobId;
  }

  /** Opens the store at `path`, creating the file and its schema when missing. */
  static open(path: string): JobStore {
    keepPrivate(path);
    const db = new Database(path);

    // In WAL mode NORMAL syncs only at checkpoints, so a commit already acknowledged could be
    // lost to a power cut or kernel crash; FULL syncs the WAL at every commit, and group
    // commit keeps that to one sync per event-loop turn.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.transaction(() => db.exec(SCHEMA))();

    return new JobStore(db);
  }

  /** How many transactions have committed since open; group commit makes it grow slowly. */
  get transactionCount(): number {
    return this.committed;
  }

  /** Reads everything mbatchd holds in memory. Meant to be called once, at start. */
  loadAll(): StoreSnapshot {
    return {
      jobs: this.stmt.allJobs.all().map((json) => JSON.parse(json) as Job),
      nextJobId: this.nextJobId,
      hostStates: toStateMap(this.stmt.allHosts.all()),
      queueStates: toStateMap(this.stmt.allQueues.all()),
    };
  }

  /**
   * Reserves `count` consecutive job ids and returns the first. The reservation becomes
   * durable in the next transaction, the same one that stores the jobs using them, so an id
   * seen by anyone outside mbatchd is never handed out again, even after a restart.
   */
  allocateJobIds(count: number): number {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`job id count must be a positive integer, got ${count}`);
    }

    const first = this.nextJobId;
    this.nextJobId += count;
    return first;
  }

  /**
   * Writes `change` together with every other change submitted in this event-loop turn.
   * Resolves once the transaction is durable; rejects with `StoreWriteError` if it failed.
   */
  commit(change: StoreChange): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ change, resolve, reject });
      this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  /**
   * Writes `change` now, for start-up paths that run before any request is served. Changes
   * still waiting for their turn go first in the same transaction, so order is kept.
   * @throws StoreWriteError when the transaction failed; nothing of it was written.
   */
  commitSync(change: StoreChange): void {
    const failure = this.flush(change);
    if (failure !== undefined) {
      throw failure;
    }
  }

  /** A number kept in the store's meta table, or undefined when never written. */
  readMeta(key: string): number | undefined {
    return this.stmt.getMeta.get(key) as number | undefined;
  }

  /**
   * Sets a meta value in the next transaction, for bookkeeping that may lag behind (where a
   * derived file has got to): it costs no transaction of its own, and `close` writes it.
   */
  stageMeta(key: string, value: number): void {
    this.stagedMeta.set(key, value);
  }

  /** Calls `listener` after each transaction that committed, inside the commit's turn. */
  onCommitted(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /** One job's events, oldest first. */
  history(jobId: number): HistoryEvent[] {
    return this.stmt.jobEvents.all(jobId).map(toEvent);
  }

  /** The events of each job asked for, oldest first; a job without events maps to []. */
  historyForJobs(jobIds: readonly number[]): Map<number, HistoryEvent[]> {
    return new Map(jobIds.map((id) => [id, this.history(id)]));
  }

  /**
   * Up to `limit` events written after `seq`, in the order they were written. Accounting
   * passes the last `seq` it saw to resume; 0 reads from the beginning.
   */
  eventsSince(seq: number, limit = DEFAULT_EVENTS_PAGE): HistoryEntry[] {
    const rows = this.stmt.eventsAfter.all(seq, limit);
    return rows.map((row) => ({ seq: row.seq, event: toEvent(row) }));
  }

  /** Writes the changes still waiting for their turn, then closes the file. */
  close(): void {
    this.flush();
    this.db.close();
  }

  private flush(extra?: StoreChange): StoreWriteError | undefined {
    const waiters = this.pending;
    const changes = waiters.map((waiter) => waiter.change);
    this.pending = [];
    clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    if (extra !== undefined) {
      changes.push(extra);
    }
    const meta = this.stagedMeta;
    if (changes.length === 0 && meta.size === 0) {
      return undefined;
    }
    this.stagedMeta = new Map();

    let failure: StoreWriteError | undefined;
    try {
      const nextJobId = this.writeChanges(changes, meta);
      this.storedNextJobId = nextJobId;
      this.nextJobId = Math.max(this.nextJobId, nextJobId);
      this.committed += 1;
    } catch (cause) {
      failure = new StoreWriteError(changes.length, cause);
      this.stagedMeta = new Map([...meta, ...this.stagedMeta]);
    }

    for (const waiter of waiters) {
      if (failure === undefined) {
        waiter.resolve();
      } else {
        waiter.reject(failure);
      }
    }
    if (failure === undefined) {
      for (const listener of this.commitListeners) {
        listener();
      }
    }
    return failure;
  }

  /** Runs inside the transaction; returns the next job id now stored. */
  private applyChanges(changes: readonly StoreChange[], meta: Map<string, number>): number {
    const now = Date.now();
    let nextJobId = this.nextJobId;

    for (const change of changes) {
      nextJobId = Math.max(nextJobId, checkedNextJobId(change.nextJobId));
      for (const job of change.jobs ?? []) {
        this.stmt.upsertJob.run(job.id, job.state, JSON.stringify(job), now);
        // Covers ids not taken from allocateJobIds, so reuse is impossible whatever the caller;
        // an array element counts as its array's id.
        nextJobId = Math.max(nextJobId, arrayIdOf(job.id) + 1);
      }
      for (const id of change.deleteJobs ?? []) {
        this.stmt.deleteJob.run(id);
      }
      for (const event of change.events ?? []) {
        this.insertEvent(event);
      }
      for (const [name, state] of change.hostStates ?? []) {
        this.stmt.upsertHost.run(name, JSON.stringify(state));
      }
      for (const [name, state] of change.queueStates ?? []) {
        this.stmt.upsertQueue.run(name, JSON.stringify(state));
      }
    }

    if (nextJobId > this.storedNextJobId) {
      this.stmt.setMeta.run('next_job_id', nextJobId);
    }
    for (const [key, value] of meta) {
      this.stmt.setMeta.run(key, value);
    }
    return nextJobId;
  }

  private insertEvent(event: HistoryEvent): void {
    this.stmt.insertEvent.run(
      event.jobId,
      event.timeMs,
      event.kind,
      event.actor,
      event.from ?? null,
      event.to ?? null,
      event.reason,
      event.details === undefined ? null : JSON.stringify(event.details),
    );
  }
}

/**
 * The store holds every job's environment, which may carry users' secrets: only its owner may
 * read it. SQLite gives its -wal and -shm files the database file's mode.
 */
function keepPrivate(path: string): void {
  fs.closeSync(fs.openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (fs.existsSync(file)) {
      fs.chmodSync(file, 0o600);
    }
  }
}

function checkedNextJobId(nextJobId: number | undefined): number {
  if (nextJobId === undefined) {
    return 0;
  }
  if (!Number.isSafeInteger(nextJobId) || nextJobId < 1) {
    throw new RangeError(`next job id must be a positive integer, got ${nextJobId}`);
  }
  return nextJobId;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
