import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPrefix } from './install-tree';
import { CommandResult, Daemon, run } from './processes';

export interface ClusterOptions {
  /** Number of hosts, on 127.0.0.2, 127.0.0.3, ... */
  hosts: number;
  /** Seconds between load reports; short in tests. */
  exchangeIntervalSec?: number;
  hostInactivityLimit?: number;
  /** Extra lsb.params lines. */
  lsbParams?: Record<string, string | number>;
  /** Extra lsf.conf lines, such as LSF_AUTH=trust; users are authenticated by MUNGE otherwise. */
  lsfConf?: Record<string, string>;
  /** Cluster administrators; the user running the tests by default. */
  admins?: string[];
  /** The whole lsb.queues text, instead of the one `normal` queue. */
  lsbQueues?: string;
  /** The whole lsb.hosts text (MXJ, host groups); none when absent. */
  lsbHosts?: string;
  /** RESOURCES of each host by host name, such as `(fs bigmem)`; `()` when absent. */
  hostResources?: Record<string, string>;
}

export interface TestHost {
  name: string;
  address: string;
}

type DaemonKind = 'lim' | 'mbatchd' | 'sbatchd';

/** Every daemon any harness started, so that an aborted test run still leaves none behind. */
const allDaemons = new Set<Daemon>();
process.on('exit', () =>
  allDaemons.forEach((daemon) => daemon.running && daemon.child.kill('SIGKILL')),
);

/**
 * A cluster of real daemons on this machine: writes the configuration of N hosts, each on its
 * own loopback address, and starts, stops and restarts their daemons by process id.
 */
export class TestCluster {
  readonly prefix = installPrefix();
  readonly dir: string;
  readonly envDir: string;
  readonly hosts: TestHost[];
  readonly limPort: number;
  private readonly daemons = new Map<string, Daemon>();

  constructor(readonly options: ClusterOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-it-'));
    // Commands run as other users too (tests of security): they must read the configuration.
    fs.chmodSync(this.dir, 0o755);
    this.envDir = path.join(this.dir, 'etc');
    this.hosts = Array.from({ length: options.hosts }, (_, i) => ({
      name: `host${i + 2}`,
      address: `127.0.0.${i + 2}`,
    }));
    // Each jest worker gets its own ports, so test files may run side by side.
    const base = 20_000 + (process.pid % 2000) * 10;
    this.limPort = base;
    this.writeConfig(base);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      LSF_ENVDIR: this.envDir,
      PATH: `${this.prefix}/bin:${process.env.PATH}`,
    };
  }

  /** Runs an installed command (`bin/<name>`) against this cluster. */
  command(name: string, args: readonly string[] = [], input?: string): Promise<CommandResult> {
    return run(path.join(this.prefix, 'bin', name), args, { env: this.env, input });
  }

  start(kind: DaemonKind, host: TestHost): Daemon {
    const key = `${kind}@${host.name}`;
    const logFile = path.join(this.dir, `${kind}.${host.name}.log`);
    const daemon = Daemon.start(
      key,
      path.join(this.prefix, 'sbin', kind),
      ['--host', host.name],
      this.env,
      logFile,
    );
    this.daemons.set(key, daemon);
    allDaemons.add(daemon);
    return daemon;
  }

  daemon(kind: DaemonKind, host: TestHost): Daemon {
    const daemon = this.daemons.get(`${kind}@${host.name}`);
    if (!daemon) {
      throw new Error(`no ${kind} was started on ${host.name}`);
    }
    return daemon;
  }

  async stop(
    kind: DaemonKind,
    host: TestHost,
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<number | null> {
    return this.daemon(kind, host).stop(signal);
  }

  /** Stops every daemon; the log files stay in `dir` for a failing test to show. */
  async teardown(): Promise<void> {
    await Promise.all([...this.daemons.values()].map((daemon) => daemon.stop('SIGTERM', 3000)));
    this.daemons.forEach((daemon) => allDaemons.delete(daemon));
  }

  logs(): string {
    return [...this.daemons.values()]
      .map(
        (daemon) => `--- ${daemon.name}\n${fs.readFileSync(daemon.logFile, 'utf8').slice(-4000)}`,
      )
      .join('\n');
  }

  private writeConfig(portBase: number): void {
    fs.mkdirSync(this.envDir, { recursive: true });
    const write = (file: string, text: string): void =>
      fs.writeFileSync(path.join(this.envDir, file), text);
    write(
      'lsf.conf',
      [
        'LSF_CLUSTER_NAME=testcluster',
        `LSF_LIM_PORT=${portBase}`,
        `LSB_MBD_PORT=${portBase + 1}`,
        `LSB_SBD_PORT=${portBase + 2}`,
        `LSB_SHAREDIR=${path.join(this.dir, 'work')}`,
        'LSF_LOG_MASK=LOG_DEBUG',
        // The tests run as root, and so do most of their jobs.
        'LSF_ROOT_REX=all',
        ...Object.entries(this.options.lsfConf ?? {}).map(([key, value]) => `${key}=${value}`),
        '',
      ].join('\n'),
    );
    write('cluster.key', crypto.randomBytes(32).toString('hex'));
    fs.chmodSync(path.join(this.envDir, 'cluster.key'), 0o600);
    const rows = this.hosts.map(
      (host) =>
        `${host.name}  !  !  1  ${this.options.hostResources?.[host.name] ?? '()'}  ${host.address}`,
    );
    write(
      'lsf.cluster.testcluster',
      [
        'Begin ClusterAdmins',
        `Administrators = ${(this.options.admins ?? [os.userInfo().username]).join(' ')}`,
        'End ClusterAdmins',
        '',
        'Begin Parameters',
        `EXINTERVAL = ${this.options.exchangeIntervalSec ?? 0.3}`,
        `HOST_INACTIVITY_LIMIT = ${this.options.hostInactivityLimit ?? 3}`,
        'End Parameters',
        '',
        'Begin Host',
        'HOSTNAME  model  type  server  RESOURCES  ADDRESS',
        ...rows,
        'End Host',
        '',
      ].join('\n'),
    );
    const params = Object.entries(this.options.lsbParams ?? {}).map(([k, v]) => `${k} = ${v}`);
    write(
      'lsb.params',
      ['Begin Parameters', 'DEFAULT_QUEUE = normal', ...params, 'End Parameters', ''].join('\n'),
    );
    write(
      'lsb.queues',
      this.options.lsbQueues ??
        ['Begin Queue', 'QUEUE_NAME = normal', 'PRIORITY = 30', 'End Queue', ''].join('\n'),
    );
    if (this.options.lsbHosts !== undefined) {
      write('lsb.hosts', this.options.lsbHosts);
    }
  }
}
