import {
  HostControl,
  QueueControl,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../../../services/common/src/lsbe';
import type { ClusterConfig } from '../../../../services/common/src/config';
import {
  AdminOperation,
  adminOperation,
  localHostName,
  runAdminOperation,
} from '../../src/lib/admin-operations';
import type { Mbatchd } from '../../src/lib/mbatchd-client';
import os from 'node:os';

/** An mbatchd stand-in: each method answers from the table and records its requests. */
function fakeMbatchd(answers: Record<string, (request: any) => unknown>) {
  const calls: Array<[string, unknown]> = [];
  const client = Object.fromEntries(
    Object.keys(answers).map((name) => [
      name,
      Object.assign(() => undefined, { methodName: name }),
    ]),
  );
  const mbatchd = {
    client,
    call: async (method: { methodName: string }, request: unknown) => {
      calls.push([method.methodName, request]);
      return answers[method.methodName](request);
    },
    close: () => undefined,
  } as unknown as Mbatchd;
  return { mbatchd, calls };
}

function request(name: string, targets: string[]) {
  return {
    operation: adminOperation(name) as AdminOperation,
    targets,
    requester: 'lsfadmin',
    localHost: 'node01',
  };
}

const allOk = (req: { hostNames?: string[]; queueNames?: string[] }) => ({
  results: (req.hostNames ?? req.queueNames ?? []).map(() => Lsbe.NO_ERROR),
});

describe('adminOperation', () => {
  it('knows the host, queue and reconfig subcommands and nothing else', () => {
    expect(adminOperation('hclose')).toEqual({
      kind: 'host',
      control: HostControl.HOST_CONTROL_CLOSE,
      verb: 'Close',
    });
    expect(adminOperation('qinact')).toEqual({
      kind: 'queue',
      control: QueueControl.QUEUE_CONTROL_INACTIVATE,
      action: 'inactivate',
    });
    expect(adminOperation('reconfig')).toEqual({ kind: 'reconfig' });
    expect(adminOperation('toString')).toBeUndefined();
    expect(adminOperation(undefined)).toBeUndefined();
  });
});

describe('runAdminOperation', () => {
  it('controls the named hosts once each, in one request', async () => {
    const { mbatchd, calls } = fakeMbatchd({ controlHost: allOk });
    const outcome = await runAdminOperation(mbatchd, request('hclose', ['n2', 'n3', 'n2']));
    expect(calls).toEqual([
      [
        'controlHost',
        { hostNames: ['n2', 'n3'], control: HostControl.HOST_CONTROL_CLOSE, requester: 'lsfadmin' },
      ],
    ]);
    expect(outcome.stderr).toBe('Close <n2> ...... done\nClose <n3> ...... done\n');
  });

  it('acts on the local host when no host is named', async () => {
    const { mbatchd, calls } = fakeMbatchd({
      controlHost: allOk,
      listBatchHosts: () => ({ lsbe: Lsbe.NO_ERROR, hosts: [], context: '' }),
    });
    await runAdminOperation(mbatchd, request('hopen', []));
    expect(calls[0][1]).toMatchObject({ hostNames: ['node01'] });
  });

  it('lists every host first for `all`', async () => {
    const { mbatchd, calls } = fakeMbatchd({
      listBatchHosts: () => ({
        lsbe: Lsbe.NO_ERROR,
        hosts: [
          { name: 'a', status: 'ok' },
          { name: 'b', status: 'ok' },
        ],
        context: '',
      }),
      controlHost: allOk,
    });
    const outcome = await runAdminOperation(mbatchd, request('hopen', ['all']));
    expect(calls.map(([name]) => name)).toEqual([
      'listBatchHosts',
      'controlHost',
      'listBatchHosts',
    ]);
    expect(outcome.stderr).toBe('Open <a> ...... done\nOpen <b> ...... done\n');
  });

  it('says why a host hopen opened stays closed', async () => {
    const { mbatchd } = fakeMbatchd({
      listBatchHosts: () => ({
        lsbe: Lsbe.NO_ERROR,
        hosts: [
          { name: 'full', status: 'closed_Full' },
          { name: 'free', status: 'ok' },
        ],
        context: '',
      }),
      controlHost: allOk,
    });
    const outcome = await runAdminOperation(mbatchd, request('hopen', ['full', 'free']));
    expect(outcome.stderr).toBe(
      'Open <full> ...... done : host remains closed due to job limit;\n' +
        'Open <free> ...... done\n',
    );
  });

  it('stops before controlling anything when the listing fails', async () => {
    const { mbatchd, calls } = fakeMbatchd({
      listQueues: () => ({ lsbe: Lsbe.PERMISSION, queues: [], context: '' }),
    });
    const outcome = await runAdminOperation(mbatchd, request('qclose', ['all']));
    expect(calls).toHaveLength(1);
    expect(outcome).toEqual({ stdout: '', stderr: 'User permission denied\n', exitCode: 255 });
  });

  it('acts on the default queue when no queue is named', async () => {
    const queues = [
      { name: 'night', isDefault: false },
      { name: 'normal', isDefault: true },
    ];
    const { mbatchd, calls } = fakeMbatchd({
      listQueues: () => ({ lsbe: Lsbe.NO_ERROR, queues, context: '' }),
      controlQueue: allOk,
    });
    const outcome = await runAdminOperation(mbatchd, request('qact', []));
    expect(calls[1][1]).toEqual({
      queueNames: ['normal'],
      control: QueueControl.QUEUE_CONTROL_ACTIVATE,
      requester: 'lsfadmin',
    });
    expect(outcome.stdout).toBe('Queue <normal> is activated\n');
  });

  it('asks for a queue name when there is no default queue', async () => {
    const { mbatchd } = fakeMbatchd({
      listQueues: () => ({ lsbe: Lsbe.NO_ERROR, queues: [{ name: 'night' }], context: '' }),
    });
    const outcome = await runAdminOperation(mbatchd, request('qopen', []));
    expect(outcome.stderr).toBe('Queue name must be specified\n');
    expect(outcome.exitCode).toBe(255);
  });

  it('controls every queue for `all`, reporting each failure by name', async () => {
    const { mbatchd } = fakeMbatchd({
      listQueues: () => ({
        lsbe: Lsbe.NO_ERROR,
        queues: [{ name: 'a' }, { name: 'b' }],
        context: '',
      }),
      controlQueue: () => ({ results: [Lsbe.NO_ERROR, Lsbe.PERMISSION] }),
    });
    const outcome = await runAdminOperation(mbatchd, request('qinact', ['all']));
    expect(outcome).toEqual({
      stdout: 'Queue <a> is inactivated\n',
      stderr: 'b: User permission denied\n',
      exitCode: 255,
    });
  });

  it('sends reconfig with the requester and words the reply', async () => {
    const { mbatchd, calls } = fakeMbatchd({
      reconfig: () => ({ lsbe: Lsbe.NO_ERROR, error: '' }),
    });
    const outcome = await runAdminOperation(mbatchd, request('reconfig', []));
    expect(calls).toEqual([['reconfig', { requester: 'lsfadmin' }]]);
    expect(outcome.stdout).toBe('Reconfiguration initiated\n');
  });
});

describe('localHostName', () => {
  function config(names: string[]): ClusterConfig {
    return { cluster: { hosts: names.map((name) => ({ name })) } } as unknown as ClusterConfig;
  }

  it('spells this host as the cluster file does, trying the short name', () => {
    const full = os.hostname();
    const short = full.split('.')[0];
    expect(localHostName(config([full.toUpperCase()]))).toBe(full.toUpperCase());
    expect(localHostName(config([short]))).toBe(short);
    expect(localHostName(config([]))).toBe(full);
  });
});
