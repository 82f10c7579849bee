import fc from 'fast-check';

import { UnknownQueueError } from '../../src/domain/errors';
import type { JobSpec } from '../../src/domain/job';
import {
  dispatchOrder,
  formatPendReasons,
  type HostView,
  type QueueView,
  schedule,
  type SchedulableJob,
} from '../../src/domain/scheduler';
import { parseResReqs } from '../../src/domain/res-req';
import { BUILT_IN_RESOURCES } from '../../src/domain/resource-kinds';
import { makeJob } from './job-fixture';

function host(name: string, view: Partial<HostView> = {}): HostView {
  return {
    name,
    limOk: true,
    sbatchdLive: true,
    closedByAdmin: false,
    maxSlots: 4,
    usedSlots: 0,
    ...view,
  };
}

function queue(name: string, view: Partial<QueueView> = {}): QueueView {
  return { name, priority: 30, active: true, hosts: 'all', ...view };
}

function job(id: number, spec: Partial<JobSpec> = {}): SchedulableJob {
  return makeJob('PEND', spec, id);
}

const NORMAL = [queue('normal')];

describe('schedule, placement', () => {
  it('spreads one-slot jobs over idle hosts, one per host, in host name order', () => {
    const plan = schedule([job(1), job(2), job(3)], NORMAL, [host('c'), host('a'), host('b')]);

    expect(plan.placements).toEqual([
      { jobId: 1, hosts: ['a'] },
      { jobId: 2, hosts: ['b'] },
      { jobId: 3, hosts: ['c'] },
    ]);
    expect(plan.pending).toEqual([]);
  });

  it('puts a job on the host with the most free slots, not the first by name', () => {
    const hosts = [host('a', { usedSlots: 3 }), host('b', { usedSlots: 1 })];

    expect(schedule([job(1)], NORMAL, hosts).placements).toEqual([{ jobId: 1, hosts: ['b'] }]);
  });

  it('keeps a -n job that fits on one host on that host, one entry per slot', () => {
    const plan = schedule([job(1, { slots: 3 })], NORMAL, [host('a'), host('b')]);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'a'] }]);
  });

  it('spreads a -n job over several hosts when no host has room, the freest host first', () => {
    const hosts = [
      host('a', { usedSlots: 2 }),
      host('b', { usedSlots: 1 }),
      host('c', { usedSlots: 3 }),
    ];

    const plan = schedule([job(1, { slots: 5 })], NORMAL, hosts);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['b', 'b', 'b', 'a', 'a'] }]);
  });

  it('uses the slots a job took for the jobs after it in the same pass', () => {
    const hosts = [host('a', { maxSlots: 2 }), host('b', { maxSlots: 1 })];

    const plan = schedule([job(1), job(2), job(3), job(4)], NORMAL, hosts);

    expect(plan.placements).toEqual([
      { jobId: 1, hosts: ['a'] },
      { jobId: 2, hosts: ['a'] },
      { jobId: 3, hosts: ['b'] },
    ]);
    expect(plan.pending).toEqual([
      { jobId: 4, reasons: [{ reason: 'Job slot limit reached', hosts: ['a', 'b'] }] },
    ]);
  });

  it('lets a smaller later job run when an earlier one does not fit', () => {
    const plan = schedule([job(1, { slots: 8 }), job(2)], NORMAL, [host('a')]);

    expect(plan.placements).toEqual([{ jobId: 2, hosts: ['a'] }]);
    expect(plan.pending.map((entry) => entry.jobId)).toEqual([1]);
  });

  it('places a -m job only on the hosts it names', () => {
    const hosts = [host('a'), host('b', { usedSlots: 3 }), host('c', { usedSlots: 2 })];

    const plan = schedule([job(1, { slots: 3, askedHosts: ['b', 'c'] })], NORMAL, hosts);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['c', 'c', 'b'] }]);
  });

  it('places a job only on the hosts its queue lists', () => {
    const queues = [queue('normal', { hosts: ['b'] })];

    const plan = schedule([job(1)], queues, [host('a'), host('b', { usedSlots: 3 })]);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['b'] }]);
  });

  it.each([
    ['closed by the administrator', { closedByAdmin: true }],
    ['without a live sbatchd', { sbatchdLive: false }],
    ['that lim reports unavailable', { limOk: false }],
  ])('never places a job on a host %s', (_, view) => {
    const plan = schedule([job(1), job(2)], NORMAL, [host('a', view), host('b', { maxSlots: 1 })]);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['b'] }]);
  });

  it('treats a host holding more than its slots as full', () => {
    const plan = schedule([job(1)], NORMAL, [host('a', { maxSlots: 2, usedSlots: 5 })]);

    expect(plan.placements).toEqual([]);
    expect(plan.pending[0].reasons).toEqual([{ reason: 'Job slot limit reached', hosts: ['a'] }]);
  });

  it('changes none of the views it is given', () => {
    const jobs = [job(2), job(1, { slots: 2 })];
    const hosts = [host('a'), host('b', { usedSlots: 1 })];
    const before = structuredClone({ jobs, hosts, NORMAL });

    schedule(jobs, NORMAL, hosts);

    expect({ jobs, hosts, NORMAL }).toEqual(before);
  });
});

describe('schedule, order', () => {
  it('serves a higher PRIORITY queue first, even when its job came later', () => {
    const queues = [queue('short', { priority: 10 }), queue('urgent', { priority: 50 })];
    const jobs = [job(1, { queue: 'short' }), job(2, { queue: 'urgent' })];

    const plan = schedule(jobs, queues, [host('a', { maxSlots: 1 })]);

    expect(plan.placements).toEqual([{ jobId: 2, hosts: ['a'] }]);
    expect(plan.pending.map((entry) => entry.jobId)).toEqual([1]);
  });

  it('orders jobs by queue priority, then submission time, then job id', () => {
    const queues = [queue('low', { priority: 1 }), queue('high', { priority: 9 })];
    const jobs = [
      job(5, { queue: 'low', submitTimeMs: 100 }),
      job(4, { queue: 'high', submitTimeMs: 300 }),
      job(3, { queue: 'high', submitTimeMs: 200 }),
      job(2, { queue: 'low', submitTimeMs: 100 }),
    ];

    expect(dispatchOrder(jobs, queues).map((entry) => entry.id)).toEqual([3, 4, 2, 5]);
  });

  it('refuses a job whose queue is not configured with UnknownQueueError', () => {
    const run = () => schedule([job(7, { queue: 'gone' })], NORMAL, [host('a')]);

    expect(run).toThrow(UnknownQueueError);
    expect(run).toThrow('Job <7>: queue <gone> is not configured');
  });
});

describe('schedule, pending reasons', () => {
  it('keeps the jobs of an inactive queue pending with the queue as the reason', () => {
    const queues = [queue('night', { active: false })];

    const plan = schedule([job(1, { queue: 'night' })], queues, [host('a')]);

    expect(plan.placements).toEqual([]);
    expect(plan.pending).toEqual([
      { jobId: 1, reasons: [{ reason: 'The queue is inactivated by the administrator' }] },
    ]);
  });

  it('gives each host the first reason that rules it out, in bjobs -p order', () => {
    const queues = [queue('normal', { hosts: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })];
    const hosts = [
      host('g', { maxSlots: 1 }),
      host('f', { usedSlots: 4 }),
      host('e'),
      host('d'),
      host('c', { closedByAdmin: true, sbatchdLive: false }),
      host('b', { sbatchdLive: false, limOk: false }),
      host('a', { closedByAdmin: true }),
      host('x'),
    ];
    const pending = job(1, { slots: 2, askedHosts: ['a', 'b', 'c', 'f', 'g', 'x'] });

    const plan = schedule([pending], queues, hosts);

    expect(plan.pending).toEqual([
      {
        jobId: 1,
        reasons: [
          { reason: 'Load information unavailable', hosts: ['b'] },
          { reason: 'Unable to reach slave batch server', hosts: ['c'] },
          { reason: 'Closed by LSF administrator', hosts: ['a'] },
          { reason: 'Not usable to the queue', hosts: ['x'] },
          { reason: 'Not specified in job submission', hosts: ['e', 'd'] },
          { reason: 'Job slot limit reached', hosts: ['f'] },
          { reason: 'Not enough job slot(s)', hosts: ['g'] },
        ],
      },
    ]);
  });

  it('blames too few slots on every usable host when together they fall short', () => {
    const hosts = [host('a', { usedSlots: 3 }), host('b', { usedSlots: 2 })];

    const plan = schedule([job(1, { slots: 4 })], NORMAL, hosts);

    expect(plan.pending).toEqual([
      { jobId: 1, reasons: [{ reason: 'Not enough job slot(s)', hosts: ['a', 'b'] }] },
    ]);
  });

  it('says the job waits for scheduling when no host is known at all', () => {
    const plan = schedule([job(1)], NORMAL, []);

    expect(plan.pending).toEqual([
      { jobId: 1, reasons: [{ reason: 'New job is waiting for scheduling' }] },
    ]);
  });
});

function facts(numbers: Record<string, number>, booleans: string[] = []): HostView['facts'] {
  return {
    numbers: new Map(Object.entries(numbers)),
    strings: new Map([['type', 'X86_64']]),
    booleans: new Set(booleans),
  };
}

function requirement(text: string) {
  const req = parseResReqs([text], new Map([...BUILT_IN_RESOURCES, ['fs', 'boolean' as const]]));
  return { requirement: () => req };
}

describe('schedule, resource requirements', () => {
  it('keeps span[hosts=1] slots on one host, and waits when no host has them together', () => {
    const hosts = [host('a', { usedSlots: 2 }), host('b', { usedSlots: 1 })];

    const fits = schedule([job(1, { slots: 3 })], NORMAL, hosts, requirement('span[hosts=1]'));
    expect(fits.placements).toEqual([{ jobId: 1, hosts: ['b', 'b', 'b'] }]);

    const waits = schedule([job(1, { slots: 4 })], NORMAL, hosts, requirement('span[hosts=1]'));
    expect(waits.placements).toEqual([]);
    expect(waits.pending[0].reasons).toEqual([
      { reason: "Not enough processors to meet the job's spanning requirement", hosts: ['a', 'b'] },
    ]);
  });

  it('puts ptile slots on each host', () => {
    const plan = schedule(
      [job(1, { slots: 5 })],
      NORMAL,
      [host('a'), host('b'), host('c')],
      requirement('span[ptile=2]'),
    );
    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'b', 'b', 'c'] }]);
  });

  it('places only on hosts that pass select[], naming the others', () => {
    const hosts = [
      host('a', { facts: facts({ mem: 100 }) }),
      host('b', { maxSlots: 1, facts: facts({ mem: 900 }, ['fs']) }),
      host('c'),
    ];
    const plan = schedule([job(1), job(2)], NORMAL, hosts, requirement('select[mem>500 && fs]'));
    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['b'] }]);
    expect(plan.pending[0].reasons).toEqual([
      { reason: "Job's resource requirements not satisfied", hosts: ['a', 'c'] },
      { reason: 'Job slot limit reached', hosts: ['b'] },
    ]);
  });

  it('waits for memory no host has, and reserves rusage memory for later jobs', () => {
    const hosts = [host('a', { maxMemMb: 1000, freeMemMb: 800, reservedMemMb: 200 })];

    const tooBig = schedule([job(1)], NORMAL, hosts, requirement('rusage[mem=2000]'));
    expect(tooBig.pending[0].reasons).toEqual([
      { reason: "Job's resource requirements not satisfied", hosts: ['a'] },
    ]);

    const plan = schedule([job(1), job(2)], NORMAL, hosts, requirement('rusage[mem=400]'));
    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a'] }]);
    expect(plan.pending[0].reasons).toEqual([
      { reason: "Job's requirements for reserving resource (mem) not satisfied", hosts: ['a'] },
    ]);
  });

  it('sorts candidate hosts by order[]', () => {
    const hosts = [
      host('a', { facts: facts({ mem: 100, r1m: 0.1 }) }),
      host('b', { facts: facts({ mem: 900, r1m: 2 }) }),
    ];
    expect(schedule([job(1)], NORMAL, hosts, requirement('order[mem]')).placements).toEqual([
      { jobId: 1, hosts: ['b'] },
    ]);
    expect(schedule([job(1)], NORMAL, hosts, requirement('order[r1m]')).placements).toEqual([
      { jobId: 1, hosts: ['a'] },
    ]);
    expect(schedule([job(1)], NORMAL, hosts, requirement('order[-mem]')).placements).toEqual([
      { jobId: 1, hosts: ['a'] },
    ]);
  });

  it('gives a -x job a host of its own and keeps others off it', () => {
    const hosts = [host('a', { usedSlots: 1 }), host('b')];
    const plan = schedule(
      [job(1, { exclusive: true }), job(2), job(3, { exclusive: true })],
      NORMAL,
      hosts,
    );
    expect(plan.placements).toEqual([
      { jobId: 1, hosts: ['b'] },
      { jobId: 2, hosts: ['a'] },
    ]);
    expect(plan.pending[0].reasons).toEqual([
      { reason: 'Running an exclusive job', hosts: ['b'] },
      { reason: "Job's requirement for exclusive execution not satisfied", hosts: ['a'] },
    ]);
  });
});

describe('schedule, -n min,max', () => {
  it('takes the max when that many slots are free, most free host first', () => {
    const plan = schedule([job(1, { slots: 2, maxSlots: 6 })], NORMAL, [host('a'), host('b')]);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'a', 'a', 'b', 'b'] }]);
  });

  it('starts with what is free when that is at least the min', () => {
    const hosts = [host('a', { usedSlots: 2 }), host('b', { usedSlots: 3 })];

    const plan = schedule([job(1, { slots: 2, maxSlots: 8 })], NORMAL, hosts);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'b'] }]);
  });

  it('waits, as a -n min job would, while fewer than the min are free', () => {
    const hosts = [host('a', { usedSlots: 3 }), host('b', { usedSlots: 4 })];

    const plan = schedule([job(1, { slots: 2, maxSlots: 8 })], NORMAL, hosts);

    expect(plan.placements).toEqual([]);
    expect(plan.pending[0].reasons).toEqual([
      { reason: 'Job slot limit reached', hosts: ['b'] },
      { reason: 'Not enough job slot(s)', hosts: ['a'] },
    ]);
  });

  it('keeps span[hosts=1] on the one host with the most free, and ptile per host', () => {
    const hosts = [host('a', { usedSlots: 2 }), host('b', { usedSlots: 1 })];
    const one = requirement('span[hosts=1]');

    const spanned = schedule([job(1, { slots: 2, maxSlots: 8 })], NORMAL, hosts, one);
    expect(spanned.placements).toEqual([{ jobId: 1, hosts: ['b', 'b', 'b'] }]);

    const tiled = schedule(
      [job(1, { slots: 2, maxSlots: 5 })],
      NORMAL,
      [host('a'), host('b'), host('c')],
      requirement('span[ptile=2]'),
    );
    expect(tiled.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'b', 'b', 'c'] }]);
  });

  it("takes no more than the queue's QJOB_LIMIT and UJOB_LIMIT leave", () => {
    const limited = [queue('normal', { qjobLimit: 5, ujobLimit: 3 })];
    const jobs = [job(1, { slots: 1, maxSlots: 8 }), job(2, { slots: 2, maxSlots: 8 })];

    const plan = schedule(jobs, limited, [host('a'), host('b')]);

    expect(plan.placements).toEqual([{ jobId: 1, hosts: ['a', 'a', 'a'] }]);
    expect(plan.pending).toEqual([
      {
        jobId: 2,
        reasons: [{ reason: 'User has reached the per-user job slot limit of the queue' }],
      },
    ]);
  });
});

describe('schedule, limits', () => {
  const noUsage = {
    queueSlots: new Map<string, number>(),
    queueUserSlots: new Map<string, number>(),
    queueHostSlots: new Map<string, number>(),
    arrayRunning: new Map<number, number>(),
  };

  it('holds jobs back at the queue QJOB_LIMIT and UJOB_LIMIT, counting running ones', () => {
    const queues = [queue('normal', { qjobLimit: 3, ujobLimit: 2 })];
    const usage = { ...noUsage, queueSlots: new Map([['normal', 1]]) };
    const jobs = [job(1, { user: 'bob' }), job(2, { user: 'bob' }), job(3, { user: 'bob' })];
    const plan = schedule([...jobs, job(4, { user: 'eve' })], queues, [host('a')], { usage });
    expect(plan.placements.map((entry) => entry.jobId)).toEqual([1, 2]);
    expect(plan.pending).toEqual([
      { jobId: 3, reasons: [{ reason: 'The queue has reached its job slot limit' }] },
      { jobId: 4, reasons: [{ reason: 'The queue has reached its job slot limit' }] },
    ]);

    const users = schedule(jobs, [queue('normal', { ujobLimit: 2 })], [host('a')]);
    expect(users.pending).toEqual([
      {
        jobId: 3,
        reasons: [{ reason: 'User has reached the per-user job slot limit of the queue' }],
      },
    ]);
  });

  it('keeps to HJOB_LIMIT and PJOB_LIMIT on each host', () => {
    const hjob = schedule(
      [job(1), job(2), job(3)],
      [queue('normal', { hjobLimit: 1 })],
      [host('a'), host('b')],
    );
    expect(hjob.placements.map((entry) => entry.hosts)).toEqual([['a'], ['b']]);
    expect(hjob.pending[0].reasons).toEqual([
      { reason: "Queue's per-host job slot limit reached", hosts: ['a', 'b'] },
    ]);

    const pjob = schedule(
      [job(1, { slots: 3 })],
      [queue('normal', { pjobLimit: 1 })],
      [host('a', { ncpus: 2 })],
    );
    expect(pjob.pending[0].reasons).toEqual([{ reason: 'Not enough job slot(s)', hosts: ['a'] }]);
  });

  it('runs no more elements of an array than its %N', () => {
    const element = (index: number) =>
      job(index * 2 ** 32 + 50, { arrayRunningLimit: 2, submitTimeMs: 1 });
    const usage = { ...noUsage, arrayRunning: new Map([[50, 1]]) };
    const plan = schedule([element(1), element(2), element(3)], NORMAL, [host('a')], { usage });
    expect(plan.placements).toHaveLength(1);
    expect(plan.pending.map((entry) => entry.reasons)).toEqual([
      [{ reason: 'The job array has reached its running element limit' }],
      [{ reason: 'The job array has reached its running element limit' }],
    ]);
  });

  it('keeps a job its gate holds back pending with the gate reason', () => {
    const plan = schedule([job(1), job(2)], NORMAL, [host('a')], {
      gate: (entry) => (entry.id === 1 ? 'The job has a specified start time' : null),
    });
    expect(plan.placements).toEqual([{ jobId: 2, hosts: ['a'] }]);
    expect(plan.pending).toEqual([
      { jobId: 1, reasons: [{ reason: 'The job has a specified start time' }] },
    ]);
  });

  it('serves jobs moved by btop before earlier ones', () => {
    const moved = { ...job(2), sortKeyMs: 0 };
    expect(dispatchOrder([job(1), moved], NORMAL).map((entry) => entry.id)).toEqual([2, 1]);
  });
});

describe('formatPendReasons', () => {
  it('writes the reasons as bjobs -p lines, counting hosts', () => {
    const text = formatPendReasons([
      { reason: 'The queue is inactivated by the administrator' },
      { reason: 'Closed by LSF administrator', hosts: ['a'] },
      { reason: 'Not enough job slot(s)', hosts: ['b', 'c'] },
    ]);

    expect(text).toBe(
      'The queue is inactivated by the administrator;\n' +
        'Closed by LSF administrator: 1 host;\n' +
        'Not enough job slot(s): 2 hosts;',
    );
  });
});

describe('schedule, invariants', () => {
  const NAMES = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5'];

  const hostsArb = fc
    .uniqueArray(fc.constantFrom(...NAMES), { minLength: 0, maxLength: NAMES.length })
    .chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.record({
            name: fc.constant(name),
            limOk: fc.boolean(),
            sbatchdLive: fc.boolean(),
            closedByAdmin: fc.boolean(),
            maxSlots: fc.integer({ min: 0, max: 8 }),
            usedSlots: fc.integer({ min: 0, max: 10 }),
          }),
        ),
      ),
    );

  const queuesArb = fc.tuple(
    ...['q0', 'q1', 'q2'].map((name) =>
      fc.record({
        name: fc.constant(name),
        priority: fc.integer({ min: 0, max: 3 }),
        active: fc.boolean(),
        hosts: fc.oneof(fc.constant('all' as const), fc.subarray([...NAMES, 'ghost'])),
      }),
    ),
  );

  const jobsArb = fc.array(
    fc.record({
      queue: fc.constantFrom('q0', 'q1', 'q2'),
      slots: fc.integer({ min: 1, max: 6 }),
      maxSlots: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      askedHosts: fc.oneof(
        fc.constant<string[]>([]),
        fc.subarray([...NAMES, 'ghost'], { minLength: 1 }),
      ),
      submitTimeMs: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 30 },
  );

  it('never gives a host more slots than it has free, nor a job a host it may not use', () => {
    fc.assert(
      fc.property(hostsArb, queuesArb, jobsArb, (hosts, queues, specs) => {
        const jobs = specs.map((spec, index) => job(index + 1, spec));
        const plan = schedule(jobs, queues, hosts);

        const hostByName = new Map(hosts.map((view) => [view.name, view]));
        const jobById = new Map(jobs.map((entry) => [entry.id, entry]));
        const queueByName = new Map(queues.map((entry) => [entry.name, entry]));
        const given = new Map<string, number>();
        for (const { jobId, hosts: placed } of plan.placements) {
          const spec = jobById.get(jobId)!.spec;
          const jobQueue = queueByName.get(spec.queue)!;
          expect(placed.length).toBeGreaterThanOrEqual(spec.slots);
          expect(placed.length).toBeLessThanOrEqual(Math.max(spec.slots, spec.maxSlots ?? 0));
          expect(jobQueue.active).toBe(true);
          for (const name of placed) {
            const view = hostByName.get(name)!;
            expect(view.limOk && view.sbatchdLive && !view.closedByAdmin).toBe(true);
            expect(jobQueue.hosts === 'all' || jobQueue.hosts.includes(name)).toBe(true);
            expect(spec.askedHosts.length === 0 || spec.askedHosts.includes(name)).toBe(true);
            given.set(name, (given.get(name) ?? 0) + 1);
          }
        }
        for (const [name, count] of given) {
          const view = hostByName.get(name)!;
          expect(count).toBeLessThanOrEqual(view.maxSlots - view.usedSlots);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers every job once: placed, or pending with each host behind one reason', () => {
    fc.assert(
      fc.property(hostsArb, queuesArb, jobsArb, (hosts, queues, specs) => {
        const jobs = specs.map((spec, index) => job(index + 1, spec));
        const plan = schedule(jobs, queues, hosts);

        const answered = [...plan.placements, ...plan.pending].map((entry) => entry.jobId);
        expect(answered.sort((a, b) => a - b)).toEqual(jobs.map((entry) => entry.id));
        for (const { reasons } of plan.pending) {
          const blamed = reasons.flatMap((entry) => entry.hosts ?? []);
          if (blamed.length > 0) {
            expect(blamed.sort()).toEqual(hosts.map((view) => view.name).sort());
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
