/**
 * The durable store of mbatchd: jobs, their append-only history, the next job id and the
 * administrative state of hosts and queues, in one SQLite file in WAL mode.
 */

import Database from 'better-sqlite3';

import { arrayIdOf } from '../../../common/src/job-id';
import type { HistoryEntry, HistoryEvent, HistoryEventKind } from './history-event';
import type { Job, JobState } from './job';

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

interface EventRow {
  seq: number;
  job_id: number;
  time_ms: number;
  kind: string;
  actor: string;
  from_state: string | null;
  to_state: string | null;
  reason: string;
  details: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value NOT NULL);
  INSERT OR IGNORE INTO meta (key, value) VALUES ('next_job_id', 1);
  CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    job TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL,
    time_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    reason TEXT NOT NULL,
    details TEXT
  );
  CREATE INDEX IF NOT EXISTS events_by_job ON events (job_id, seq);
  CREATE TABLE IF NOT EXISTS host_state (name TEXT PRIMARY KEY, state TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS queue_state (name TEXT PRIMARY KEY, state TEXT NOT NULL);
`;

type EventParams = [
  jobId: number,
  timeMs: number,
  kind: HistoryEventKind,
  actor: string,
  from: JobState | null,
  to: JobState | null,
  reason: string,
  details: string | null,
];

const EVENT_COLUMNS = 'seq, job_id, time_ms, kind, actor, from_state, to_state, reason, details';

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

  private readonly writeChanges: (changes: readonly StoreChange[]) => number;

  private readonly stmt: Statements;

  private constructor(private readonly db: Database.Database) {
    this.stmt = prepareStatements(db);
    this.writeChanges = db.transaction((changes: readonly StoreChange[]) =>
      this.applyChanges(changes),
    );

    this.storedNextJobId = this.stmt.getMeta.get('next_job_id') as number;
    this.nextJobId = this.storedNextJobId;
  }

  /** Opens the store at `path`, creating the file and its schema when missing. */
  static open(path: string): JobStore {
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
    if (changes.length === 0) {
      return undefined;
    }

    let failure: StoreWriteError | undefined;
    try {
      const nextJobId = this.writeChanges(changes);
      this.storedNextJobId = nextJobId;
      this.nextJobId = Math.max(this.nextJobId, nextJobId);
      this.committed += 1;
    } catch (cause) {
      failure = new StoreWriteError(changes.length, cause);
    }

    for (const waiter of waiters) {
      if (failure === undefined) {
        waiter.resolve();
      } else {
        waiter.reject(failure);
      }
    }
    return failure;
  }

  /** Runs inside the transaction; returns the next job id now stored. */
  private applyChanges(changes: readonly StoreChange[]): number {
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

type Statements = ReturnType<typeof prepareStatements>;

/** Prepared once per open store: parsing SQL per commit would cost more than the write. */
function prepareStatements(db: Database.Database) {
  const upsertByName = (table: string) =>
    db.prepare<[string, string]>(
      `INSERT INTO ${table} (name, state) VALUES (?, ?) ` +
        'ON CONFLICT (name) DO UPDATE SET state = excluded.state',
    );
  const allByName = (table: string) =>
    db.prepare<[], { name: string; state: string }>(`SELECT name, state FROM ${table}`);

  return {
    getMeta: db.prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: db.prepare<[string, number]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    upsertJob: db.prepare<[number, JobState, string, number]>(
      'INSERT INTO jobs (id, state, job, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) ' +
        'DO UPDATE SET state = excluded.state, job = excluded.job, ' +
        'updated_at = excluded.updated_at',
    ),
    deleteJob: db.prepare<[number]>('DELETE FROM jobs WHERE id = ?'),
    allJobs: db.prepare<[], string>('SELECT job FROM jobs ORDER BY id').pluck(),
    insertEvent: db.prepare<EventParams>(
      'INSERT INTO events (job_id, time_ms, kind, actor, from_state, to_state, reason, ' +
        'details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    jobEvents: db.prepare<[number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE job_id = ? ORDER BY seq`,
    ),
    eventsAfter: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    upsertHost: upsertByName('host_state'),
    allHosts: allByName('host_state'),
    upsertQueue: upsertByName('queue_state'),
    allQueues: allByName('queue_state'),
  };
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

function toEvent(row: EventRow): HistoryEvent {
  const event: HistoryEvent = {
    jobId: row.job_id,
    timeMs: row.time_ms,
    kind: row.kind as HistoryEventKind,
    actor: row.actor,
    reason: row.reason,
  };
  if (row.from_state !== null) {
    event.from = row.from_state as JobState;
  }
  if (row.to_state !== null) {
    event.to = row.to_state as JobState;
  }
  if (row.details !== null) {
    event.details = JSON.parse(row.details) as Record<string, unknown>;
  }
  return event;
}

function toStateMap(rows: readonly { name: string; state: string }[]): Map<string, unknown> {
  return new Map(rows.map((row) => [row.name, JSON.parse(row.state) as unknown]));
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
