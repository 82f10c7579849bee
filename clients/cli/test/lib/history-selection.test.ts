import { CommandFailure } from '../../src/lib/command-failure';
import { HistoryFilters, historySelection } from '../../src/lib/history-selection';

const NONE: HistoryFilters = {
  all: false,
  finished: false,
  pending: false,
  running: false,
  suspended: false,
};

describe('historySelection', () => {
  it("asks for the caller's unfinished jobs when nothing is given", () => {
    expect(historySelection(NONE, [])).toEqual({
      jobIds: [],
      user: '',
      queue: '',
      host: '',
      jobName: '',
      pending: false,
      running: false,
      suspended: false,
      finished: false,
      all: false,
    });
  });

  it('passes the state options, the user, the job name and the job IDs', () => {
    const filters = { ...NONE, all: true, finished: true, user: 'all', jobName: 'build*' };
    expect(historySelection(filters, ['12', '0034'])).toMatchObject({
      jobIds: [12, 34],
      user: 'all',
      jobName: 'build*',
      all: true,
      finished: true,
    });
  });

  it('takes array elements, one id each, as OpenLava encodes them', () => {
    const selection = historySelection(NONE, ['13[2]', '14[1-2]']);
    expect(selection.jobIds).toEqual([2 * 2 ** 32 + 13, 2 ** 32 + 14, 2 * 2 ** 32 + 14]);
  });

  it('refuses a job ID that is not a positive number', () => {
    for (const bad of ['12x', '-3', '0', '1[x]', '0[2]']) {
      expect(() => historySelection(NONE, [bad])).toThrow(
        new CommandFailure(`${bad}: Illegal job ID.`),
      );
    }
  });
});
