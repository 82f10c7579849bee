import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPrefix } from './install-tree';
import { killClusterProcesses } from './job-processes';
import { NetworkNamespace } from './network-namespace';
import { CommandResult, Daemon, run, waitFor } from './processes';

export interface ClusterOptions {
  /** Number of hosts, on 127.0.0.2, 127.0.0.3, ...; the first one is the master. */
  hosts: number;
  /** Seconds between load reports; short in tests. */
  exchangeIntervalSec?: number;
  hostInactivityLimit?: number;
  /** Extra lsb.params lines. */
  lsbParams?: Record<string, string | number>;
  /** The whole lsb.queues text, instead of the one `normal` queue. */
  lsbQueues?: string;
  /** The whole lsb.hosts text (MXJ, host groups); none when absent. */
  lsbHosts?: string;
  /** Extra lsf.conf lines, such as LSF_AUTH=trust; users are authenticated by MUNGE otherwise. */
  lsfConf?: Record<string, string | number>;
  /** RESOURCES of each host by host name, such as `(fs bigmem)`; `()` when absent. */
  hostResources?: Record<string, string>;
  /** Cluster administrators; the user running the tests by default. */
  admins?: string[];
  /** MXJ of every host in lsb.hosts; without it, one slot per CPU. */
  maxJobsPerHost?: number;
  /**
   * Index of a host (not the master) whose daemons run in their own network namespace, so
   * that its link can be cut. The master then has the address of this side of the link, and
   * LSF_MASTER_LIST names the master alone, so a cut-off lim never elects itself.
   */
  isolatedHost?: number;
}

export interface TestHost {
  name: string;
  address: string;
  /** The namespace the host's daemons run in, for an isolated host. */
  namespace?: NetworkNamespace;
}

export type DaemonKind = 'lim' | 'mbatchd' | 'sbatchd';

/** Every cluster started in this process, so that an aborted test run still leaves nothing. */
const liveClusters = new Set<TestCluster>();
process.on('exit', () => liveClusters.forEach((cluster) => cluster.killNow()));

/** Clusters made in this process, so that each gets its own ports and subnet. */
let clustersMade = 0;

/**
 * A cluster of real daemons on this machine: writes the configuration of N hosts, each on its
 * own loopback address, and starts, stops and restarts their daemons by process id. Teardown
 * stops every daemon and every job process of the cluster, whatever state the test left.
 */
export class TestCluster {
  readonly prefix = installPrefix();
  readonly dir: string;
  readonly envDir: string;
  readonly hosts: TestHost[];
  readonly limPort: number;
  private readonly daemons = new Map<string, Daemon>();
  private readonly namespace: NetworkNamespace | null = null;

  constructor(readonly options: ClusterOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-it-'));
    // Commands run as other users too (tests of security): they must read the configuration.
    fs.chmodSync(this.dir, 0o755);
    this.envDir = path.join(this.dir, 'etc');
    const serial = clustersMade++;
    this.hosts = Array.from({ length: options.hosts }, (_, i) => ({
      name: `host${i + 2}`,
      address: `127.0.0.${i + 2}`,
    }));
    if (options.isolatedHost !== undefined) {
      this.namespace = this.isolate(this.hosts[options.isolatedHost], serial);
    }
    // Each jest worker, and each cluster in it, gets its own ports.
    const base = 20_000 + (process.pid % 1000) * 30 + (serial % 10) * 3;
    this.limPort = base;
    this.writeConfig(base);
  }

  get master(): TestHost {
    return this.hosts[0];
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

  /** Starts one daemon of a host; `env` adds variables (fault injection) to its environment. */
  start(kind: DaemonKind, host: TestHost, env: NodeJS.ProcessEnv = {}): Daemon {
    const key = `${kind}@${host.name}`;
    const logFile = path.join(this.dir, `${kind}.${host.name}.log`);
    const program = path.join(this.prefix, 'sbin', kind);
    const args = ['--host', host.name];
    const [command, commandArgs] = host.namespace?.wrap(program, args) ?? [program, args];
    const daemon = Daemon.start(key, command, commandArgs, { ...this.env, ...env }, logFile);
    this.daemons.set(key, daemon);
    liveClusters.add(this);
    return daemon;
  }

  /**
   * Starts the cluster in LSF's order: lim on every host (the master's first), mbatchd on the
   * master, sbatchd on every host; resolves when bhosts shows every host ok.
   */
  async startAll(): Promise<void> {
    // The first host's lim first, so that it is the master whatever the others' start times.
    this.start('lim', this.master);
    await waitFor(
      `${this.master.name} as master lim`,
      async () =>
        (await this.command('lsid')).stdout.includes(`My master name is ${this.master.name}`),
      20_000,
    );
    this.hosts.slice(1).forEach((host) => this.start('lim', host));
    this.start('mbatchd', this.master);
    this.hosts.forEach((host) => this.start('sbatchd', host));
    await this.waitForHosts(this.hosts, 'ok', 30_000);
  }

  /** bhosts' STATUS word of each host. */
  async hostStatus(): Promise<Map<string, string>> {
    const result = await this.command('bhosts', ['-w']);
    const rows = result.stdout.split('\n').slice(1);
    return new Map(
      rows.filter((row) => row.trim() !== '').map((row) => row.trim().split(/\s+/).slice(0, 2)) as [
        string,
        string,
      ][],
    );
  }

  waitForHosts(hosts: readonly TestHost[], status: string, timeoutMs = 15_000): Promise<true> {
    const names = hosts.map((host) => host.name).join(' ');
    return waitFor(
      `${names} ${status} in bhosts`,
      async () => {
        const statuses = await this.hostStatus();
        return hosts.every((host) => statuses.get(host.name) === status);
      },
      timeoutMs,
    );
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

  /** Takes the isolated host's link down: its packets are lost until `restoreLink`. */
  cutLink(): void {
    this.isolated().cut();
  }

  restoreLink(): void {
    this.isolated().restore();
  }

  /**
   * Stops every daemon, then kills what is left of the cluster's jobs and removes the
   * network namespace; the log files stay in `dir` for a failing test to show.
   */
  /**
   * Stops everything the cluster started and removes its directory, logs included, unless
   * LAVALITE_KEEP_TEST_DIRS is set (to read the logs of a failed test).
   */
  async teardown(): Promise<void> {
    await Promise.all([...this.daemons.values()].map((daemon) => daemon.stop('SIGTERM', 3000)));
    killClusterProcesses(this);
    this.namespace?.destroy();
    liveClusters.delete(this);
    if (!process.env.LAVALITE_KEEP_TEST_DIRS) {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** The last resort when the test process exits: synchronous, kills outright. */
  killNow(): void {
    this.daemons.forEach((daemon) => daemon.running && daemon.child.kill('SIGKILL'));
    killClusterProcesses(this);
    this.namespace?.destroy();
  }

  logs(): string {
    return [...this.daemons.values()]
      .map(
        (daemon) => `--- ${daemon.name}\n${fs.readFileSync(daemon.logFile, 'utf8').slice(-4000)}`,
      )
      .join('\n');
  }

  /** The JSON lines of a daemon's log file (every run of that daemon on that host). */
  logLines(kind: DaemonKind, host: TestHost): Array<Record<string, unknown>> {
    const file = path.join(this.dir, `${kind}.${host.name}.log`);
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Puts the host in a fresh namespace; the master takes this side of the link's address. */
  private isolate(host: TestHost, serial: number): NetworkNamespace {
    if (host === this.master) {
      throw new Error('the master cannot be isolated: every host must reach it');
    }
    const namespace = new NetworkNamespace(`${process.pid % 100_000}${serial % 10}`, {
      second: 244,
      third: process.pid % 250,
      fourth: (serial % 64) * 4,
    });
    namespace.create();
    liveClusters.add(this);
    host.namespace = namespace;
    host.address = namespace.innerAddress;
    this.master.address = namespace.outerAddress;
    return namespace;
  }

  private isolated(): NetworkNamespace {
    if (!this.namespace) {
      throw new Error('this cluster has no isolated host');
    }
    return this.namespace;
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
        ...(this.namespace ? [`LSF_MASTER_LIST="${this.master.name}"`] : []),
        // The tests run as root, and so do most of their jobs.
        'LSF_ROOT_REX=all',
        ...Object.entries(this.options.lsfConf ?? {}).map(([key, value]) => `${key}=${value}`),
        '',
      ].join('\n'),
    );
    write('cluster.key', crypto.randomBytes(32).toString('hex'));
    fs.chmodSync(path.join(this.envDir, 'cluster.key'), 0o600);
    const rows = this.hosts.map((host) => {
      const resources = this.options.hostResources?.[host.name] ?? '()';
      return `${host.name}  !  !  1  ${resources}  ${host.address}`;
    });
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
    // Output of jobs without -o stays with the cluster rather than in the home directories of
    // the users the tests run jobs as; writable by all of them, as /tmp is.
    const spoolDir = path.join(this.dir, 'spool');
    fs.mkdirSync(spoolDir, { recursive: true });
    fs.chmodSync(spoolDir, 0o1777);
    const params = Object.entries({ JOB_SPOOL_DIR: spoolDir, ...this.options.lsbParams }).map(
      ([key, value]) => `${key} = ${value}`,
    );
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
    } else if (this.options.maxJobsPerHost !== undefined) {
      write(
        'lsb.hosts',
        [
          'Begin Host',
          'HOST_NAME  MXJ',
          `default  ${this.options.maxJobsPerHost}`,
          'End Host',
          '',
        ].join('\n'),
      );
    }
  }
}
