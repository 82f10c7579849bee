import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  GetClusterInfoResponse,
  LimServiceService,
} from '../../../../services/common/src/generated/lavalite/v1/lim';
import * as messages from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { Lsbe } from '../../../../services/common/src/lsbe';
import Badmin from '../../src/commands/badmin';
import Bhist from '../../src/commands/bhist';
import Bhosts from '../../src/commands/bhosts';
import Bqueues from '../../src/commands/bqueues';
import Busers from '../../src/commands/busers';
import { job, sampleEvents } from '../lib/history-fixtures';
import { queue } from '../render/queues-fixtures';
import { runCommand } from './run-command';

/** What the fake mbatchd answers, per method, and the requests it received. */
let answers: Record<string, (request: any) => object> = {};
const requests: Array<[string, unknown]> = [];

/** Answers are partial; the encoder needs every field, as `fromPartial` fills them in. */
function unary(name: string) {
  const type = `${name[0].toUpperCase()}${name.slice(1)}Response` as keyof typeof messages;
  const response = messages[type] as { fromPartial(object: object): unknown };
  return (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    requests.push([name, call.request]);
    callback(null, response.fromPartial(answers[name](call.request)));
  };
}

function bind(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}

function writeConfig(dir: string, limPort: number, mbdPort: number): void {
  const write = (file: string, lines: string[]) =>
    fs.writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
  write('lsf.conf', [
    'LSF_CLUSTER_NAME=smoke',
    `LSF_LIM_PORT=${limPort}`,
    `LSB_MBD_PORT=${mbdPort}`,
    `LSB_SBD_PORT=${mbdPort + 1}`,
    `LSB_SHAREDIR=${dir}`,
  ]);
  write('lsf.cluster.smoke', [
    'Begin Host',
    'HOSTNAME  model  type  server  RESOURCES  ADDRESS',
    'master  !  !  1  ()  127.0.0.1',
    'End Host',
  ]);
  write('lsb.params', ['Begin Parameters', 'DEFAULT_QUEUE = normal', 'End Parameters']);
  write('lsb.queues', ['Begin Queue', 'QUEUE_NAME = normal', 'PRIORITY = 30', 'End Queue']);
}

describe('bhosts, bqueues, busers, bhist and badmin against a fake mbatchd', () => {
  const lim = new grpc.Server();
  const mbatchd = new grpc.Server();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-cli-'));
  const savedEnvDir = process.env.LSF_ENVDIR;

  beforeAll(async () => {
    lim.addService(LimServiceService, {
      getClusterInfo: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
        callback(
          null,
          GetClusterInfoResponse.fromPartial({
            clusterName: 'smoke',
            masterName: 'master',
            hostName: 'master',
            isMaster: true,
          }),
        ),
    });
    const service = messages.MbatchdServiceService;
    const methods = Object.keys(service).filter((name) => name !== 'sbatchdChannel');
    mbatchd.addService(
      service,
      Object.fromEntries(methods.map((name) => [name, unary(name)])) as never,
    );
    const [limPort, mbdPort] = await Promise.all([bind(lim), bind(mbatchd)]);
    writeConfig(dir, limPort, mbdPort);
    process.env.LSF_ENVDIR = dir;
  });

  afterAll(() => {
    process.env.LSF_ENVDIR = savedEnvDir;
    lim.forceShutdown();
    mbatchd.forceShutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    requests.length = 0;
  });

  it('bhosts -w asks for the named hosts and prints the wide table', async () => {
    const host = {
      name: 'node05',
      status: 'closed_Adm',
      maxSlots: 16,
      numJobs: 0,
      numRun: 0,
      numSsusp: 0,
      numUsusp: 0,
      numReserved: 0,
      userJobLimit: 0,
      cpuFactor: 1,
    };
    answers.listBatchHosts = () => ({ lsbe: Lsbe.NO_ERROR, hosts: [host], context: '' });

    const result = await runCommand(Bhosts, ['-w', 'node05']);

    expect(requests).toEqual([['listBatchHosts', { hostNames: ['node05'] }]]);
    expect(result.stdout.split('\n')[1]).toBe(
      'node05             closed_Adm         -     16      0      0      0      0      0',
    );
    expect(result.exit).toBe(0);
    expect(result.returned).toEqual([host]);
  });

  it("bhosts prints LSF's message for a bad host on stderr and exits 255", async () => {
    answers.listBatchHosts = () => ({ lsbe: Lsbe.BAD_HOST, hosts: [], context: 'nohost' });

    const result = await runCommand(Bhosts, ['nohost']);

    expect(result).toMatchObject({
      stdout: '',
      stderr: 'nohost: Bad host name, host group name or cluster name\n',
      exit: 255,
    });
  });

  it('bqueues -l prints the long block; a bad queue exits 255', async () => {
    answers.listQueues = () => ({
      lsbe: Lsbe.NO_ERROR,
      queues: [queue({ isDefault: true })],
      context: '',
    });
    const long = await runCommand(Bqueues, ['-l']);
    expect(long.stdout).toMatch(
      /^\nQUEUE: normal\n {2}-- Default queue for ordinary work\. {2}This/,
    );
    expect(long.exit).toBe(0);

    answers.listQueues = () => ({ lsbe: Lsbe.BAD_QUEUE, queues: [], context: 'nosuch' });
    const bad = await runCommand(Bqueues, ['nosuch']);
    expect([bad.stderr, bad.exit]).toEqual(['nosuch: No such queue\n', 255]);
  });

  it('busers with no argument asks for the caller only', async () => {
    const me = os.userInfo().username;
    answers.listUsers = () => ({
      lsbe: Lsbe.NO_ERROR,
      users: [
        { name: me, numJobs: 0, numPend: 0, numRun: 0, numSsusp: 0, numUsusp: 0, numReserved: 0 },
      ],
    });

    const result = await runCommand(Busers, []);

    expect(requests).toEqual([['listUsers', { userNames: [], requester: me }]]);
    expect(result.stdout.split('\n')[1]).toMatch(/ +- +- +0 +0 +0 +0 +0 +0$/);
  });

  it('bhist -l -u all sends the selection and prints the long history', async () => {
    answers.getJobHistory = () => ({
      lsbe: Lsbe.NO_ERROR,
      jobs: [job()],
      events: sampleEvents(),
      missingJobIds: [],
    });

    const result = await runCommand(Bhist, ['-la', '-u', 'all', '-J', 'sleep*']);

    expect(requests[0][1]).toMatchObject({
      selection: { user: 'all', jobName: 'sleep*', all: true, jobIds: [] },
      requester: os.userInfo().username,
    });
    expect(result.stdout).toContain(
      '\nJob <1201>, User <alice>, Project <default>, Command <sleep 600>\n',
    );
    expect(result.stdout).toContain(
      '  3        0        600      0        0        0        603         \n',
    );
    expect(result.exit).toBe(0);
  });

  it('bhist says "No matching job found" and exits 255 when nothing matches', async () => {
    answers.getJobHistory = () => ({ lsbe: Lsbe.NO_JOB, jobs: [], events: [], missingJobIds: [7] });

    const result = await runCommand(Bhist, ['7']);

    expect(requests[0][1]).toMatchObject({ selection: { jobIds: [7] } });
    expect([result.stdout, result.stderr, result.exit]).toEqual([
      '',
      'No matching job found\n',
      255,
    ]);
  });

  it('bhist refuses a job ID that is not a number', async () => {
    const result = await runCommand(Bhist, ['12x']);
    expect([result.stderr, result.exit, requests]).toEqual(['12x: Illegal job ID.\n', 255, []]);
  });

  it('bhist prints the default summary table', async () => {
    answers.getJobHistory = () => ({
      lsbe: Lsbe.NO_ERROR,
      jobs: [job()],
      events: sampleEvents(),
      missingJobIds: [],
    });
    const result = await runCommand(Bhist, ['-d']);
    expect(requests[0][1]).toMatchObject({ selection: { finished: true } });
    expect(result.stdout.split('\n')[2]).toBe(
      '1201    alice   *eep 600  3       0       600     0       0       0       603       ',
    );
  });

  it('badmin hclose prints progress on stderr and exits 255 when a host fails', async () => {
    answers.controlHost = (request: { hostNames: string[] }) => ({
      results: request.hostNames.map((name) => (name === 'bad' ? Lsbe.BAD_HOST : Lsbe.NO_ERROR)),
    });

    const result = await runCommand(Badmin, ['hclose', 'node05', 'bad']);

    expect(result.stderr).toBe(
      'Close <node05> ...... done\n' +
        'Close <bad> ...... Host control failed.: Bad host name, host group name or cluster name\n',
    );
    expect([result.stdout, result.exit]).toEqual(['', 255]);
  });

  it('badmin hrestart asks mbatchd to restart the hosts and reports each', async () => {
    answers.controlHost = (request: { hostNames: string[] }) => ({
      results: request.hostNames.map((name) =>
        name === 'node06' ? Lsbe.SBD_UNREACH : Lsbe.NO_ERROR,
      ),
    });

    const result = await runCommand(Badmin, ['hrestart', '-f', 'node05', 'node06']);

    expect(result.stderr).toBe(
      'Restart slave batch daemon on <node05> ...... done\n' +
        'Restart slave batch daemon on <node06> ...... Host control failed.: ' +
        'Unable to contact execution host\n',
    );
    expect([result.stdout, result.exit]).toEqual(['', 255]);
    expect(requests).toEqual([
      [
        'controlHost',
        expect.objectContaining({
          hostNames: ['node05', 'node06'],
          control: messages.HostControl.HOST_CONTROL_RESTART,
        }),
      ],
    ]);
  });

  it('badmin qinact confirms on stdout and exits 0', async () => {
    answers.controlQueue = () => ({ results: [Lsbe.NO_ERROR] });
    const result = await runCommand(Badmin, ['qinact', 'night']);
    expect([result.stdout, result.stderr, result.exit]).toEqual([
      'Queue <night> is inactivated\n',
      '',
      0,
    ]);
  });

  it('badmin reconfig -f prints the check chatter and the confirmation', async () => {
    answers.reconfig = () => ({ lsbe: Lsbe.NO_ERROR, error: '' });
    const result = await runCommand(Badmin, ['reconfig', '-f']);
    expect(result).toMatchObject({
      stdout: 'Reconfiguration initiated\n',
      stderr: '\nChecking configuration files ...\n\nNo errors found.\n\n',
      exit: 0,
    });
  });

  it('badmin mbdrestart asks mbatchd to restart and confirms it', async () => {
    answers.restartMbatchd = () => ({ lsbe: Lsbe.NO_ERROR, error: '' });
    const result = await runCommand(Badmin, ['mbdrestart', '-f']);
    expect(result).toMatchObject({
      stdout: 'MBD restart initiated\n',
      stderr: '\nChecking configuration files ...\n\nNo errors found.\n\n',
      exit: 0,
    });
    expect(requests.map(([name]) => name)).toContain('restartMbatchd');
  });

  it('badmin mbdrestart shows a refused configuration and exits 255', async () => {
    const error = 'lsb.queues(3): PRIORITY must be an integer';
    answers.restartMbatchd = () => ({ lsbe: Lsbe.CONF_FATAL, error });
    const result = await runCommand(Badmin, ['mbdrestart']);
    expect(result).toMatchObject({
      stdout: '',
      stderr: `\nChecking configuration files ...\n\nThere are fatal errors.\n\n${error}\n`,
      exit: 255,
    });
  });

  it('an unknown option is illegal, as getopt says it, with the usage', async () => {
    const result = await runCommand(Bhosts, ['-W']);
    expect(result.stderr).toMatch(/^bhosts: illegal option -- W\nUsage: bhosts \[-h\] \[-V\]/);
    expect([result.stdout, result.exit, requests]).toEqual(['', 255, []]);
  });

  it('names options in messages as the user typed them, not by their inner names', async () => {
    const result = await runCommand(Bqueues, ['-l', '-w']);
    expect(result.stderr).not.toContain('--');
    expect(result.stderr).toMatch(/^bqueues: .*-[wl]\b/);
    expect(result.exit).toBe(255);
  });

  it('badmin ckconfig checks the files without mbatchd, and exits 0 as OpenLava', async () => {
    const sound = await runCommand(Badmin, ['ckconfig']);
    expect(sound).toMatchObject({
      stdout: '',
      stderr: '\nChecking configuration files ...\n\nNo errors found.\n\n',
      exit: 0,
    });

    const queues = path.join(dir, 'lsb.queues');
    const before = fs.readFileSync(queues, 'utf8');
    fs.appendFileSync(queues, 'Begin Queue\nQUEUE_NAME = bad\nPRIORITY = abc\nEnd Queue\n');
    try {
      const broken = await runCommand(Badmin, ['ckconfig', '-v']);
      expect(broken.stderr).toMatch(
        /^\nChecking configuration files \.\.\.\n\nThere are fatal errors\.\n\n.*lsb\.queues:7: /,
      );
      expect(broken.exit).toBe(0);
    } finally {
      fs.writeFileSync(queues, before);
    }
    expect(requests).toEqual([]);
  });

  it('badmin with an unknown subcommand prints the usage and exits 255', async () => {
    const result = await runCommand(Badmin, ['hfly']);
    expect(result.stderr).toMatch(/^Invalid command <hfly> \n\nUsage: badmin hclose/);
    expect([result.exit, requests]).toEqual([255, []]);
  });

  it('badmin reconfig refuses extra arguments', async () => {
    const result = await runCommand(Badmin, ['reconfig', 'now']);
    expect(result.stderr).toMatch(/^Usage: badmin/);
    expect(result.exit).toBe(255);
  });
});
