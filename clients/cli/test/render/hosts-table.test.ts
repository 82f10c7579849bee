import { BatchHost } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { hostStatusWord, renderBhosts, renderBhostsLong } from '../../src/render/hosts-table';

function host(overrides: Partial<BatchHost>): BatchHost {
  return {
    name: 'node03',
    status: 'ok',
    maxSlots: 16,
    numJobs: 3,
    numRun: 3,
    numSsusp: 0,
    numUsusp: 0,
    numReserved: 0,
    userJobLimit: 0,
    cpuFactor: 60,
    ...overrides,
  };
}

const SAMPLE_HOSTS = [
  host({ name: 'node09', status: 'unavail', maxSlots: 0, numJobs: 0, numRun: 0 }),
  host({ name: 'node04', status: 'closed_Full', numJobs: 16, numRun: 16 }),
  host({}),
  host({ name: 'node07', maxSlots: 8, userJobLimit: 2, numJobs: 2, numRun: 1, numUsusp: 1 }),
];

describe('renderBhosts', () => {
  it('reproduces the LSF default table byte for byte, sorted by host name', () => {
    expect(renderBhosts(SAMPLE_HOSTS, false)).toBe(
      'HOST_NAME          STATUS       JL/U    MAX  NJOBS    RUN  SSUSP  USUSP    RSV \n' +
        'node03             ok              -     16      3      3      0      0      0\n' +
        'node04             closed          -     16     16     16      0      0      0\n' +
        'node07             ok              2      8      2      1      0      1      0\n' +
        'node09             unavail         -      -      0      0      0      0      0\n',
    );
  });

  it('keeps the closed reason and widens STATUS to 14 with -w', () => {
    const hosts = [
      host({}),
      host({ name: 'node04', status: 'closed_Full', numJobs: 16, numRun: 16 }),
      host({ name: 'node05', status: 'closed_Adm', numJobs: 0, numRun: 0 }),
    ];
    expect(renderBhosts(hosts, true)).toBe(
      'HOST_NAME          STATUS          JL/U    MAX  NJOBS    RUN  SSUSP  USUSP    RSV \n' +
        'node03             ok                 -     16      3      3      0      0      0\n' +
        'node04             closed_Full        -     16     16     16      0      0      0\n' +
        'node05             closed_Adm         -     16      0      0      0      0      0\n',
    );
  });

  it('cuts names to 18 characters by default but prints them in full with -w', () => {
    const long = [host({ name: 'compute-node-0001.example.org' })];
    expect(renderBhosts(long, false).split('\n')[1].slice(0, 19)).toBe('compute-node-0001. ');
    expect(renderBhosts(long, true).split('\n')[1]).toMatch(/^compute-node-0001\.example\.org ok /);
  });

  it('prints only the header when there are no hosts', () => {
    expect(renderBhosts([], false).split('\n')).toHaveLength(2);
  });
});

describe('hostStatusWord', () => {
  it('folds every closed reason into closed unless detail is asked for', () => {
    expect(hostStatusWord('closed_LIM', false)).toBe('closed');
    expect(hostStatusWord('closed_LIM', true)).toBe('closed_LIM');
    expect(hostStatusWord('unreach', false)).toBe('unreach');
  });
});

describe('renderBhostsLong', () => {
  it('prints the LSF status block and the threshold block, without the load block', () => {
    expect(renderBhostsLong([host({})])).toBe(
      'HOST  node03\n' +
        'STATUS           CPUF  JL/U    MAX  NJOBS    RUN  SSUSP  USUSP    RSV DISPATCH_WINDOW\n' +
        'ok              60.00     -     16      3      3      0      0      0      -\n' +
        '\n' +
        ' LOAD THRESHOLD USED FOR SCHEDULING:\n' +
        '           r15s   r1m  r15m   ut      pg    io   ls    it    tmp    swp    mem\n' +
        ' loadSched   -     -     -     -       -     -    -     -     -      -      -  \n' +
        ' loadStop    -     -     -     -       -     -    -     -     -      -      -  \n' +
        '\n',
    );
  });

  it('shows the detailed closed status and one block per host in name order', () => {
    const out = renderBhostsLong([host({ name: 'b', status: 'closed_Adm' }), host({ name: 'a' })]);
    expect(out.match(/^HOST {2}\S+$/gm)).toEqual(['HOST  a', 'HOST  b']);
    expect(out).toContain('\nclosed_Adm      60.00 ');
  });
});
