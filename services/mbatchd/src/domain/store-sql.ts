/**
 * The SQL of mbatchd's store: its schema, its prepared statements and the row shapes they
 * read. Only `store.ts` uses it.
 */

import type Database from 'better-sqlite3';

import type { HistoryEvent, HistoryEventKind } from './history-event';
import type { JobState } from './job';

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

export const SCHEMA = `
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

export type Statements = ReturnType<typeof prepareStatements>;

/** Prepared once per open store: parsing SQL per commit would cost more than the write. */
export function prepareStatements(db: Database.Database) {
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

export function toEvent(row: EventRow): HistoryEvent {
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

export function toStateMap(rows: readonly { name: string; state: string }[]): Map<string, unknown> {
  return new Map(rows.map((row) => [row.name, JSON.parse(row.state) as unknown]));
}
