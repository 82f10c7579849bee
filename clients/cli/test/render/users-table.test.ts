import { BatchUser } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { renderBusers } from '../../src/render/users-table';

function user(name: string, counts: Partial<BatchUser> = {}): BatchUser {
  return {
    name,
    numJobs: 0,
    numPend: 0,
    numRun: 0,
    numSsusp: 0,
    numUsusp: 0,
    numReserved: 0,
    ...counts,
  };
}

describe('renderBusers', () => {
  it('prints the LSF header and rows with dashes for limits, sorted by user name', () => {
    const users = [
      user('bob', { numJobs: 2, numRun: 2 }),
      user('alice', { numJobs: 14, numPend: 5, numRun: 8, numUsusp: 1 }),
    ];
    expect(renderBusers(users)).toBe(
      'USER/GROUP          JL/P    MAX  NJOBS   PEND    RUN  SSUSP  USUSP    RSV \n' +
        'alice                  -      -     14      5      8      0      1      0\n' +
        'bob                    -      -      2      0      2      0      0      0\n',
    );
  });

  it('gives a user without jobs a row of zeros', () => {
    expect(renderBusers([user('carol')]).split('\n')[1]).toBe(
      'carol                  -      -      0      0      0      0      0      0',
    );
  });

  it('shows dashes for the default pseudo-user, as OpenLava prints them', () => {
    expect(renderBusers([user('default')]).split('\n')[1]).toBe(
      `default                -      - ${'     - '.repeat(6)}`,
    );
  });

  it('never cuts a long user name', () => {
    const row = renderBusers([user('a-user-with-a-long-name')]).split('\n')[1];
    expect(row.startsWith('a-user-with-a-long-name     - ')).toBe(true);
  });
});
