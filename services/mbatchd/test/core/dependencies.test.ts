import { elementJobId } from '../../../common/src/job-id';
import { resolveTarget } from '../../src/core/dependencies';
import { dependencyTargets, parseDependency } from '../../src/domain/dependency';
import { JobTable } from '../../src/domain/job-table';
import { makeJob } from '../domain/job-fixture';

describe('resolveTarget', () => {
  const first = makeJob('DONE', { jobName: 'a[1]' }, elementJobId(15, 1));
  const second = makeJob('DONE', { jobName: 'a[2]' }, elementJobId(15, 2));
  const ctx = { jobs: new JobTable([first, second]), isAdmin: () => false };
  const dependent = { user: 'alice', beforeArrayId: Infinity };
  const resolve = (text: string) =>
    resolveTarget(ctx, dependencyTargets(parseDependency(text))[0], dependent);

  it('finds an array by its id and an element by id[index]', () => {
    expect(resolve('done(15)')).toEqual([first, second]);
    expect(resolve('done(15[2])')).toEqual([second]);
  });

  it("finds no job for an element's internal id, which bjobs calls illegal", () => {
    expect(resolve(`done(${elementJobId(15, 1)})`)).toEqual([]);
    expect(resolve(`done(${elementJobId(15, 1)}[1])`)).toEqual([]);
  });
});
