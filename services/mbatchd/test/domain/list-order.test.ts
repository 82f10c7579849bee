import { elementJobId } from '../../../common/src/job-id';
import type { Job, JobState } from '../../src/domain/job';
import { listOrder } from '../../src/domain/list-order';
import type { QueueView } from '../../src/domain/scheduler';
import { makeJob } from './job-fixture';

const QUEUES: QueueView[] = [
  { name: 'normal', priority: 30, active: true, hosts: 'all' },
  { name: 'high', priority: 40, active: true, hosts: 'all' },
];

function job(id: number, state: JobState, queue = 'normal', endTimeMs = 0): Job {
  const exit = endTimeMs > 0 ? { exit: { cpuTimeSec: 0, maxMemKb: 0, endTimeMs } } : {};
  return { ...makeJob(state, { queue }, id), ...exit };
}

describe('listOrder', () => {
  it('lists started jobs, then pending ones in dispatch order, then finished ones', () => {
    const jobs = [
      job(1, 'PEND'),
      job(2, 'DONE', 'normal', 500),
      job(3, 'RUN'),
      job(4, 'PSUSP', 'high'),
      job(5, 'USUSP'),
      job(6, 'EXIT', 'normal', 100),
      job(7, 'SSUSP'),
      job(8, 'PEND', 'high'),
    ];
    expect(listOrder(jobs, QUEUES).map((each) => each.id)).toEqual([3, 5, 7, 4, 8, 1, 6, 2]);
  });

  it('keeps a pending job whose queue is gone, after the other pending jobs', () => {
    const jobs = [job(3, 'PEND', 'retired'), job(2, 'PEND'), job(1, 'PEND', 'retired')];
    expect(listOrder(jobs, QUEUES).map((each) => each.id)).toEqual([2, 1, 3]);
  });

  it('lists the elements of an array together, by index, within each group', () => {
    const ids = [elementJobId(9, 2), 10, elementJobId(9, 1)];
    const jobs = ids.map((id) => job(id, 'RUN'));
    expect(listOrder(jobs, QUEUES).map((each) => each.id)).toEqual([
      elementJobId(9, 1),
      elementJobId(9, 2),
      10,
    ]);
  });
});
