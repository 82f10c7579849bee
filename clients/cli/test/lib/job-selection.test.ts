import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { CommandFailure } from '../../src/lib/command-failure';
import {
  hasFilter,
  jobSelection,
  noJobFoundMessage,
  parseJobIds,
  selectionFailure,
} from '../../src/lib/job-selection';

describe('parseJobIds', () => {
  it('reads ids in order and keeps each once', () => {
    expect(parseJobIds(['12', '7', '12'])).toEqual({ ids: [12, 7], allMatching: false });
  });

  it('turns job id 0 into every matching job and ignores the other ids, as OpenLava', () => {
    expect(parseJobIds(['12', '0', '7'])).toEqual({ ids: [], allMatching: true });
  });

  it("refuses what is not a job id with OpenLava's words", () => {
    expect(() => parseJobIds(['12', 'abc'])).toThrow(new CommandFailure('abc: Illegal job ID.'));
    expect(() => parseJobIds(['1300[0]'])).toThrow('1300[0]: Illegal job ID.');
    expect(() => parseJobIds(['1300[5-2]'])).toThrow('1300[5-2]: Illegal job ID.');
    expect(() => parseJobIds(['-3'])).toThrow('-3: Illegal job ID.');
  });

  it('names array elements one by one: one element, a range with a step, a list', () => {
    const element = (index: number) => index * 2 ** 32 + 1300;
    expect(parseJobIds(['1300[4]']).ids).toEqual([element(4)]);
    expect(parseJobIds(['1300[1-5:2,9]', '1300']).ids).toEqual([
      element(1),
      element(3),
      element(5),
      element(9),
      1300,
    ]);
  });
});

describe('jobSelection', () => {
  it('sends ids, filters and states, empty strings for filters not given', () => {
    const filters = { user: 'all', queue: 'night' };
    expect(jobSelection([5], filters, { all: true })).toEqual({
      jobIds: [5],
      user: 'all',
      queue: 'night',
      host: '',
      jobName: '',
      pending: false,
      running: false,
      suspended: false,
      finished: false,
      all: true,
    });
  });
});

describe('hasFilter', () => {
  it('is true only when one of -u -q -m -J has a value', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ user: '' })).toBe(false);
    expect(hasFilter({ jobName: 'sim*' })).toBe(true);
  });
});

describe('noJobFoundMessage', () => {
  it('says no unfinished job by default', () => {
    expect(noJobFoundMessage({})).toBe('No unfinished job found');
  });

  it('names the state asked for, with -a first as OpenLava checks it', () => {
    expect(noJobFoundMessage({}, { all: true, running: true })).toBe('No job found');
    expect(noJobFoundMessage({}, { finished: true })).toBe('No DONE/EXIT job found');
    expect(noJobFoundMessage({}, { pending: true })).toBe('No pending job found');
    expect(noJobFoundMessage({}, { suspended: true })).toBe('No suspended job found');
    expect(noJobFoundMessage({}, { running: true })).toBe('No running job found');
  });

  it('adds the queue, the host or both', () => {
    expect(noJobFoundMessage({ queue: 'night' })).toBe('No unfinished job found in queue <night>');
    expect(noJobFoundMessage({ host: 'node07' }, { running: true })).toBe(
      'No running job found on host/group <node07>',
    );
    expect(noJobFoundMessage({ queue: 'night', host: 'node07' }, { all: true })).toBe(
      'No job found in queue <night> and on host/group <node07>',
    );
  });

  it('names the job name asked for with -J', () => {
    expect(noJobFoundMessage({ jobName: 'sim*', queue: 'night' })).toBe(
      'Job <sim*> is not found in queue <night>',
    );
  });
});

describe('selectionFailure', () => {
  it('prefixes an unknown user, queue or host with the name given', () => {
    expect(selectionFailure(Lsbe.LSBE_BAD_USER, { user: 'bob' })).toBe('bob: Unknown user');
    expect(selectionFailure(Lsbe.LSBE_BAD_QUEUE, { queue: 'nosuch' })).toBe(
      'nosuch: No such queue',
    );
    expect(selectionFailure(Lsbe.LSBE_BAD_HOST, { host: 'badhost' })).toBe(
      'badhost: Bad host name, host group name or cluster name',
    );
  });

  it('prefers the context mbatchd sent and prints a bare message without either', () => {
    expect(selectionFailure(Lsbe.LSBE_BAD_USER, { user: 'bob' }, 'grp')).toBe('grp: Unknown user');
    expect(selectionFailure(Lsbe.LSBE_PERMISSION, {})).toBe('User permission denied');
  });
});
