/**
 * Measures the store against the budgets of ARCHITECTURE section 11 and prints the figures.
 * The store lives under the directory given as the first argument (default: the OS temp
 * directory), which must be on the disk mbatchd would use: a tmpfs makes fsync free.
 *
 * `make bench` runs it after the cluster benchmark.
 */

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

import type { HistoryEvent } from '../src/domain/history-event';
import type { Job } from '../src/domain/job';
import { JobStore } from '../src/domain/store';

const CONCURRENT_COMMITS = 10_000;
const CLIENTS = 100;
const SERIAL_COMMITS = 1_000;
const HISTORY_JOBS = 10_000;
const EVENTS_PER_JOB = 10;
const LOOKUPS = 1_000;
const LARGE_TABLE_JOBS = 100_000;

/** About the size of a real submission: the environment dominates the record. */
function makeJob(id: number): Job {
  const env: Record<string, string> = {};
  for (let i = 0; i < 20; i += 1) {
    env[`VARIABLE_${i}`] = `/opt/site/software/package-${i}/bin`;
  }
  return {
    id,
    spec: {
      command: `./simulate --case ${id}`,
      jobName: `case-${id}`,
      queue: 'normal',
      queueGiven: false,
      user: 'alice',
      uid: 1000,
      gid: 1000,
      fromHost: 'login1',
      cwd: '/home/alice/project',
      outputFile: '/home/alice/project/out.%J',
      overwriteOutput: false,
      overwriteError: false,
      hold: false,
      slots: 1,
      askedHosts: [],
      project: 'default',
      env,
      umask: 0o22,
      submitTimeMs: Date.now(),
    },
    state: 'PEND',
    hostUnreachable: false,
    pendReason: 'New job is waiting for scheduling',
    execHosts: [],
    dispatchAttempt: 0,
  };
}

function makeEvent(jobId: number): HistoryEvent {
  return { jobId, timeMs: Date.now(), kind: 'SUBMIT', actor: 'alice', to: 'PEND', reason: '' };
}

function submission(store: JobStore): Promise<void> {
  const id = store.allocateJobIds(1);
  return store.commit({ jobs: [makeJob(id)], events: [makeEvent(id)] });
}

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))];
}

function report(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

function latencies(label: string, samplesMs: number[]): void {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5).toFixed(3);
  const p99 = percentile(sorted, 0.99).toFixed(3);
  report(label, `p50 ${p50} ms  p99 ${p99} ms  max ${sorted[sorted.length - 1].toFixed(3)} ms`);
}

async function serialCommits(store: JobStore): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SERIAL_COMMITS; i += 1) {
    const start = performance.now();
    await submission(store);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function concurrentInOneTurn(dir: string): Promise<void> {
  const store = JobStore.open(path.join(dir, 'one-turn.db'));
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT_COMMITS }, () => submission(store)));
  const seconds = (performance.now() - start) / 1000;
  const rate = Math.round(CONCURRENT_COMMITS / seconds);
  report(
    `${CONCURRENT_COMMITS} commits submitted in one turn`,
    `${rate}/s, ` + `${store.transactionCount} transaction(s)`,
  );
  store.close();
}

async function concurrentClients(dir: string): Promise<void> {
  const store = JobStore.open(path.join(dir, 'clients.db'));
  const perClient = CONCURRENT_COMMITS / CLIENTS;
  const client = async (): Promise<void> => {
    for (let i = 0; i < perClient; i += 1) {
      await submission(store);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - start) / 1000;
  const rate = Math.round(CONCURRENT_COMMITS / seconds);
  report(
    `${CONCURRENT_COMMITS} commits from ${CLIENTS} clients awaiting each`,
    `${rate}/s, ` + `${store.transactionCount} transactions`,
  );
  store.close();
}

async function serialOnEmptyStore(dir: string): Promise<void> {
  const store = JobStore.open(path.join(dir, 'serial.db'));
  latencies(`${SERIAL_COMMITS} serial awaited commits, empty store`, await serialCommits(store));
  store.close();
}

function historyAndReload(dir: string): void {
  const file = path.join(dir, 'history.db');
  let store = JobStore.open(file);
  for (let first = 1; first <= HISTORY_JOBS; first += 1_000) {
    const ids = Array.from({ length: 1_000 }, (_, i) => first + i);
    const events = [];
    for (let round = 0; round < EVENTS_PER_JOB; round += 1) {
      events.push(...ids.map(makeEvent));
    }
    store.commitSync({ jobs: ids.map(makeJob), events });
  }
  const samples: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const id = 1 + Math.floor(Math.random() * HISTORY_JOBS);
    const start = performance.now();
    store.history(id);
    samples.push(performance.now() - start);
  }
  latencies(`one job's history among ${HISTORY_JOBS * EVENTS_PER_JOB} events`, samples);
  store.close();

  const start = performance.now();
  store = JobStore.open(file);
  const jobs = store.loadAll().jobs.length;
  report(`open + loadAll of ${jobs} jobs`, `${(performance.now() - start).toFixed(1)} ms`);
  store.close();
}

async function serialOnLargeStore(dir: string): Promise<void> {
  const store = JobStore.open(path.join(dir, 'large.db'));
  for (let first = 1; first <= LARGE_TABLE_JOBS; first += 5_000) {
    const ids = Array.from({ length: 5_000 }, (_, i) => first + i);
    store.commitSync({ jobs: ids.map(makeJob), events: ids.map(makeEvent) });
  }
  const label = `${SERIAL_COMMITS} serial awaited commits, ${LARGE_TABLE_JOBS} jobs stored`;
  latencies(label, await serialCommits(store));
  store.close();
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(process.argv[2] ?? os.tmpdir(), 'store-bench-'));
  try {
    await concurrentInOneTurn(dir);
    await concurrentClients(dir);
    await serialOnEmptyStore(dir);
    historyAndReload(dir);
    await serialOnLargeStore(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
