import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import {
  ListJobsRequest,
  SignalAction,
  SignalJobsRequest,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import Bjobs from '../../src/commands/bjobs';
import Bkill from '../../src/commands/bkill';
import Bresume from '../../src/commands/bresume';
import Bstop from '../../src/commands/bstop';
import { jobRecord } from '../render/job-fixtures';
import { runCommand } from './run-command';

const mockRequests: unknown[] = [];

jest.mock('../../src/lib/cluster', () => ({ readClusterConfig: () => ({}) }));
jest.mock('../../src/lib/mbatchd-client', () => ({
  currentUser: () => ({ name: 'alice', uid: 1000, gid: 100 }),
  connectToMbatchd: async () => ({
    client: { listJobs: 'listJobs', signalJobs: 'signalJobs' },
    call: async (method: string, request: ListJobsRequest | SignalJobsRequest) => {
      mockRequests.push(request);
      if (method === 'listJobs') {
        return { lsbe: Lsbe.LSBE_NO_ERROR, jobs: [jobRecord()], missingJobIds: [], context: '' };
      }
      const ids = request.selection?.jobIds.length ? request.selection.jobIds : [1201];
      const results = ids.map((jobId) => ({ jobId, lsbe: Lsbe.LSBE_NO_ERROR }));
      return { lsbe: Lsbe.LSBE_NO_ERROR, results };
    },
    close: () => undefined,
  }),
}));

beforeEach(() => {
  mockRequests.length = 0;
});

describe('bjobs', () => {
  it('asks for the selection the bundled options say, as the calling user', async () => {
    const run = await runCommand(Bjobs, ['-aw', '-u', 'all', '-q', 'night', '-J', 'sim*']);
    expect(run.exit).toBe(0);
    expect(run.stdout).toMatch(/^JOBID {3}USER/);
    expect(mockRequests).toEqual([
      {
        selection: {
          jobIds: [],
          user: 'all',
          queue: 'night',
          host: '',
          jobName: 'sim*',
          pending: false,
          running: false,
          suspended: false,
          finished: false,
          all: true,
        },
        requester: 'alice',
      },
    ]);
  });

  it('passes job ids and the state options, and prints -l in the long format', async () => {
    const run = await runCommand(Bjobs, ['-l', '-rs', '1201', '1202']);
    expect(run.stdout).toMatch(/^\nJob <1201>/);
    expect((mockRequests[0] as ListJobsRequest).selection).toMatchObject({
      jobIds: [1201, 1202],
      running: true,
      suspended: true,
    });
  });

  it('refuses an argument that is not a job id', async () => {
    expect(await runCommand(Bjobs, ['12x'])).toEqual({
      stdout: '',
      stderr: '12x: Illegal job ID.\n',
      exit: 255,
    });
  });
});

describe('bkill', () => {
  it('asks to terminate the jobs given and reports each', async () => {
    const run = await runCommand(Bkill, ['1201', '1202']);
    expect(run).toEqual({
      stdout: 'Job <1201> is being terminated\nJob <1202> is being terminated\n',
      stderr: '',
      exit: 0,
    });
    expect(mockRequests[0]).toMatchObject({
      action: SignalAction.SIGNAL_ACTION_KILL,
      signal: 0,
      requester: 'alice',
      allMatching: false,
      selection: { jobIds: [1201, 1202] },
    });
  });

  it('sends a named or numbered signal with -s and reports it as signaled', async () => {
    const run = await runCommand(Bkill, ['-s', 'USR1', '1201']);
    expect(run.stdout).toBe('Job <1201> is being signaled\n');
    const { SIGNAL_ACTION_SIGNAL } = SignalAction;
    expect(mockRequests[0]).toMatchObject({ action: SIGNAL_ACTION_SIGNAL, signal: 10 });
  });

  it('refuses a signal it cannot read', async () => {
    expect(await runCommand(Bkill, ['-s', 'NOPE', '1201'])).toEqual({
      stdout: '',
      stderr: 'NOPE: Illegal signal value\n',
      exit: 255,
    });
    expect(mockRequests).toEqual([]);
  });

  it('lists the signal names with a trailing space and exits 0', async () => {
    const run = await runCommand(Bkill, ['-l']);
    expect(run.exit).toBe(0);
    expect(run.stdout).toBe(
      'HUP INT QUIT ILL TRAP IOT FPE KILL BUS SEGV SYS PIPE ALRM TERM STOP TSTP CONT CHLD ' +
        'TTIN TTOU IO XCPU XFSZ VTALRM PROF WINCH USR1 USR2 \n',
    );
  });

  it('refuses to act without a job id or a filter, printing the usage', async () => {
    const run = await runCommand(Bkill, []);
    expect(run.exit).toBe(255);
    expect(run.stderr).toMatch(
      /^Job ID or one of '-m', '-u' '-q' and '-J' must be specified\.\nUsage: bkill /,
    );
  });

  it('sends job id 0 as every matching job', async () => {
    await runCommand(Bkill, ['-q', 'night', '0']);
    expect(mockRequests[0]).toMatchObject({
      allMatching: true,
      selection: { jobIds: [], queue: 'night' },
    });
  });
});

describe('bstop and bresume', () => {
  it('stop the newest job matching a filter', async () => {
    const run = await runCommand(Bstop, ['-J', 'sim']);
    expect(run.stdout).toBe('Job <1201> is being stopped\n');
    expect(mockRequests[0]).toMatchObject({
      action: SignalAction.SIGNAL_ACTION_STOP,
      allMatching: false,
      selection: { jobIds: [], jobName: 'sim' },
    });
  });

  it('resume the jobs given', async () => {
    const run = await runCommand(Bresume, ['1201']);
    expect(run.stdout).toBe('Job <1201> is being resumed\n');
    expect(mockRequests[0]).toMatchObject({ action: SignalAction.SIGNAL_ACTION_RESUME });
  });
});
