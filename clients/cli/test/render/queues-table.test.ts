import { queueStatusWord, renderBqueues } from '../../src/render/queues-table';
import { queue } from './queues-fixtures';

describe('renderBqueues', () => {
  it('reproduces the LSF 10.1 table byte for byte, with SUSP = SSUSP + USUSP', () => {
    const queues = [
      queue({ name: 'interactive', priority: 40 }),
      queue({ userJobLimit: 4, numJobs: 12, numPend: 4, numRun: 7, numUsusp: 1 }),
      queue({ name: 'night', priority: 20, active: false, maxSlots: 200, numJobs: 5, numPend: 5 }),
      queue({ name: 'idle', priority: 10, open: false }),
    ];
    expect(renderBqueues(queues, false)).toBe(
      'QUEUE_NAME      PRIO STATUS          MAX JL/U JL/P JL/H NJOBS  PEND   RUN  SUSP \n' +
        'interactive      40  Open:Active       -    -    -    -     0     0     0     0\n' +
        'normal           30  Open:Active       -    4    -    -    12     4     7     1\n' +
        'night            20  Open:Inact      200    -    -    -     5     5     0     0\n' +
        'idle             10  Closed:Active     -    -    -    -     0     0     0     0\n',
    );
  });

  it('adds SSUSP and USUSP into SUSP', () => {
    const row = renderBqueues([queue({ numSsusp: 2, numUsusp: 3 })], false).split('\n')[1];
    expect(row.endsWith('    5')).toBe(true);
  });

  it('cuts queue names to 15 characters unless -w is given', () => {
    const named = [queue({ name: 'a-very-long-queue-name' })];
    expect(renderBqueues(named, false).split('\n')[1]).toMatch(/^a-very-long-que {2}30/);
    expect(renderBqueues(named, true).split('\n')[1]).toMatch(/^a-very-long-queue-name {2}30/);
  });
});

describe('queueStatusWord', () => {
  it('says Inact in the table and Inact_Adm in the long format', () => {
    const closed = queue({ open: false, active: false });
    expect(queueStatusWord(closed, false)).toBe('Closed:Inact');
    expect(queueStatusWord(closed, true)).toBe('Closed:Inact_Adm');
  });
});
