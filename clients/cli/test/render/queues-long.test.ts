import { renderBqueuesLong } from '../../src/render/queues-long';
import { queue } from './queues-fixtures';

const NORMAL_BLOCK =
  'QUEUE: normal\n' +
  '  -- Default queue for ordinary work.  This is the default queue.\n' +
  '\n' +
  'PARAMETERS/STATISTICS\n' +
  'PRIO NICE STATUS          MAX JL/U JL/P JL/H NJOBS  PEND   RUN SSUSP USUSP  RSV \n' +
  ' 30   20  Open:Active       -    4    -    -    12     4     7     0     1    0\n' +
  '\n' +
  ' RUNLIMIT                \n' +
  ' 720.0 min               \n' +
  '\n' +
  'SCHEDULING PARAMETERS\n' +
  '           r15s   r1m  r15m   ut      pg    io   ls    it    tmp    swp    mem\n' +
  ' loadSched   -     -     -     -       -     -    -     -     -      -      -  \n' +
  ' loadStop    -     -     -     -       -     -    -     -     -      -      -  \n' +
  '\n' +
  'USERS:  all users\n' +
  'HOSTS:  all hosts used by the LSF Batch system\n' +
  '\n';

const normal = queue({
  isDefault: true,
  userJobLimit: 4,
  numJobs: 12,
  numPend: 4,
  numRun: 7,
  numUsusp: 1,
  runLimitMin: 720,
});

describe('renderBqueuesLong', () => {
  it('reproduces the LSF long block byte for byte, after a leading blank line', () => {
    expect(renderBqueuesLong([normal])).toBe(`\n${NORMAL_BLOCK}`);
  });

  it('separates queues with 79 dashes and a blank line', () => {
    const night = queue({ name: 'night', priority: 20, description: 'Overnight work.' });
    const out = renderBqueuesLong([normal, night]);
    expect(out).toContain(`${NORMAL_BLOCK}${'-'.repeat(79)}\n\nQUEUE: night\n`);
    expect(out).toContain('  -- Overnight work.\n\nPARAMETERS/STATISTICS\n');
  });

  it('leaves out the RUNLIMIT block when the queue has no run limit', () => {
    const out = renderBqueuesLong([queue({})]);
    expect(out).not.toContain('RUNLIMIT');
    expect(out).toContain('     0    0\n\nSCHEDULING PARAMETERS\n');
  });

  it('lists the users and hosts a queue is restricted to', () => {
    const out = renderBqueuesLong([
      queue({ users: ['alice', 'bob'], hosts: ['node03', 'node04'] }),
    ]);
    expect(out).toContain('\n\nUSERS: alice bob\nHOSTS:  node03 node04\n\n');
  });

  it('says "one of the default queues" when several queues are default', () => {
    const out = renderBqueuesLong([normal, queue({ name: 'other', isDefault: true })]);
    expect(out.match(/This is one of the default queues\./g)).toHaveLength(2);
  });

  it('prints the per-processor limit as a float and an admin-inactivated status', () => {
    const out = renderBqueuesLong([queue({ processorJobLimit: 2, active: false })]);
    expect(out).toContain(' 30   20  Open:Inact_Adm    -    -  2.0    -     0');
  });
});
