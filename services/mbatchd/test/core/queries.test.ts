import { elementJobId } from '../../../common/src/job-id';
import { selectByIds, type Selection } from '../../src/core/queries';
import type { JobState } from '../../src/domain/job';
import { JobTable } from '../../src/domain/job-table';
import { makeJob } from '../domain/job-fixture';

describe('selectByIds', () => {
  const states: JobState[] = ['RUN', 'RUN', 'PEND', 'PSUSP'];
  const elements = states.map((state, i) => makeJob(state, {}, elementJobId(19, i + 1)));
  const finished = makeJob('DONE', {}, 16);
  const jobs = new JobTable([...elements, finished]);
  const select = (options: Partial<Selection>) =>
    selectByIds(jobs, {
      jobIds: [19, 16],
      ...{ user: '', queue: '', host: '', jobName: '' },
      ...{ all: false, finished: false, pending: false, running: false, suspended: false },
      ...options,
    });

  it('answers an id with its job or every element, whatever their states', () => {
    const answer = select({});
    expect(answer.jobs).toEqual([...elements, finished]);
    expect(answer.missingJobIds).toEqual([]);
  });

  it('keeps to the pending elements with -p; an id with none of them is missing', () => {
    const answer = select({ pending: true });
    expect(answer.jobs).toEqual(elements.slice(2));
    expect(answer.missingJobIds).toEqual([16]);
  });

  it('keeps to the running elements with -r and the finished job with -d', () => {
    expect(select({ running: true, finished: true }).jobs).toEqual([
      ...elements.slice(0, 2),
      finished,
    ]);
  });
});
