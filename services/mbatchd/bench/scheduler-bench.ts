/**
 * Times one scheduling pass over many pending jobs with resource requirements, array limits
 * and queue limits, and prints the figures: the pass is what every submission, job end and
 * MBD_SLEEP_TIME tick pays. `make bench` runs it.
 */

import { performance } from 'perf_hooks';

import { parseResReqs } from '../src/domain/res-req';
import { BUILT_IN_RESOURCES } from '../src/domain/resource-kinds';
import {
  type HostView,
  type QueueView,
  schedule,
  type SchedulableJob,
} from '../src/domain/scheduler';

const HOSTS = 100;
const PASSES = 5;

function hosts(): HostView[] {
  return Array.from({ length: HOSTS }, (_, i) => ({
    name: `node${String(i).padStart(3, '0')}`,
    limOk: true,
    sbatchdLive: true,
    closedByAdmin: false,
    maxSlots: 8,
    usedSlots: 8 - (i % 3),
    facts: {
      numbers: new Map([
        ['mem', 1000 + i * 10],
        ['maxmem', 64_000],
        ['r1m', (i % 7) / 2],
      ]),
      strings: new Map([['type', 'X86_64']]),
      booleans: new Set(i % 2 === 0 ? ['fs'] : []),
    },
    ncpus: 8,
    maxMemMb: 64_000,
    freeMemMb: 30_000,
  }));
}

function jobs(count: number): SchedulableJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i % 4 === 0 ? (i + 1) * 2 ** 32 + 7 : i + 10,
    spec: {
      queue: i % 2 === 0 ? 'normal' : 'short',
      slots: 1 + (i % 3),
      askedHosts: [],
      submitTimeMs: i,
      user: `user${i % 20}`,
      arrayRunningLimit: i % 4 === 0 ? 50 : 0,
    },
  }));
}

const queues: QueueView[] = [
  { name: 'normal', priority: 30, active: true, hosts: 'all', ujobLimit: 40 },
  { name: 'short', priority: 40, active: true, hosts: 'all', qjobLimit: 200, hjobLimit: 2 },
];
const resources = new Map([...BUILT_IN_RESOURCES, ['fs', 'boolean' as const]]);
const req = parseResReqs(['select[fs && mem > 1200] order[-r1m] rusage[mem=100]'], resources);

for (const count of [1_000, 10_000, 50_000]) {
  const pending = jobs(count);
  const view = hosts();
  const times: number[] = [];
  let placed = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const start = performance.now();
    placed = schedule(pending, queues, view, { requirement: () => req }).placements.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)].toFixed(1);
  console.log(
    `scheduling pass: ${count} pending jobs, ${HOSTS} hosts: ${median} ms (median of ${PASSES}), ${placed} placed`,
  );
}
