import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cpuFactorOf, hostByName, loadClusterConfig } from '../../src/config/cluster-config';
import { ConfigError } from '../../src/config/config-error';
import { configErrorOf, lines } from './config-error-of';

const CLUSTER_FILE = lines(
  'Begin ClusterAdmins',
  'Administrators = lsfadmin',
  'End ClusterAdmins',
  'Begin Host',
  'HOSTNAME  model  type  server  RESOURCES',
  'node01    Xeon8  !     1       (mg)',
  'node02    !      !     1       ()',
  'login01   !      !     0       ()',
  'End Host',
);

let envDir: string;

/** Writes `text` to `relative` under the temporary LSF_ENVDIR, creating directories. */
function write(relative: string, text: string): string {
  const path = join(envDir, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The smallest valid configuration: lsf.conf naming the cluster, and its cluster file. */
function writeMinimal(...extraConf: string[]): void {
  write('lsf.conf', lines('LSF_CLUSTER_NAME=lavalite', ...extraConf));
  write('lsf.cluster.lavalite', CLUSTER_FILE);
}

beforeEach(() => {
  envDir = mkdtempSync(join(tmpdir(), 'lavalite-config-'));
});

afterEach(() => {
  rmSync(envDir, { recursive: true, force: true });
});

describe('loadClusterConfig', () => {
  it('fills in LSF defaults when only lsf.conf and the cluster file exist', () => {
    writeMinimal();

    const config = loadClusterConfig(envDir);

    expect(config).toMatchObject({
      envDir,
      clusterName: 'lavalite',
      masterList: ['node01', 'node02'],
      ports: { lim: 7869, mbd: 6881, sbd: 6882 },
      logDir: null,
      logMask: 'LOG_WARNING',
      shareDir: null,
      shared: null,
      lsbHosts: { hosts: [], hostGroups: [] },
      limTiming: { exchangeIntervalSec: 15, hostInactivityLimit: 5 },
      files: [join(envDir, 'lsf.conf'), join(envDir, 'lsf.cluster.lavalite')],
    });
    expect(config.queues).toHaveLength(1);
    expect(config.queues[0]).toMatchObject({ name: 'normal', priority: 30, users: ['all'] });
    expect(config.params).toMatchObject({ defaultQueues: [], mbdSleepTimeSec: 10 });
    expect(config.cluster.admins).toEqual(['lsfadmin']);
    expect(config.lsfConf.get('LSF_CLUSTER_NAME')).toBe('lavalite');
  });

  it('reads an LSF-style layout with LSF_CONFDIR, LSB_CONFDIR and every optional file', () => {
    write(
      'lsf.conf',
      lines(
        '# site configuration',
        `LSF_CONFDIR=${join(envDir, 'conf')}`,
        'LSB_CONFDIR=lsbatch            # relative to the lsf.conf directory',
        'LSF_MASTER_LIST="NODE02 node01"',
        'LSF_LIM_PORT=4551',
        'LSB_MBD_PORT=4552',
        'LSB_SBD_PORT=4553',
        'LSF_LOGDIR=/var/log/lsf',
        'LSF_LOG_MASK=LOG_DEBUG',
        'LSB_SHAREDIR=work',
        'LSF_UNIT_FOR_LIMITS=MB',
      ),
    );
    write(
      'conf/lsf.shared',
      lines(
        'Begin Cluster',
        'CLUSTERNAME',
        'lavalite',
        'End Cluster',
        'Begin HostModel',
        'MODELNAME CPUFACTOR',
        'Xeon8 60',
        'End HostModel',
      ),
    );
    write(
      'conf/lsf.cluster.lavalite',
      lines(CLUSTER_FILE, 'Begin Parameters', 'EXINTERVAL = 0.2', 'End Parameters'),
    );
    write(
      'lsbatch/lavalite/configdir/lsb.queues',
      lines(
        'Begin Queue',
        'QUEUE_NAME = short',
        'PRIORITY = 50',
        'End Queue',
        'Begin Queue',
        'QUEUE_NAME = long',
        'End Queue',
      ),
    );
    write(
      'lsbatch/lavalite/configdir/lsb.hosts',
      lines('Begin Host', 'HOST_NAME MXJ', 'default 2', 'End Host'),
    );
    write(
      'lsbatch/lavalite/configdir/lsb.params',
      lines(
        'Begin Parameters',
        'DEFAULT_QUEUE = short long',
        'SBD_HEARTBEAT_INTERVAL = 0.2',
        'End Parameters',
      ),
    );

    const config = loadClusterConfig(envDir);

    expect(config).toMatchObject({
      clusterName: 'lavalite',
      masterList: ['node02', 'node01'],
      ports: { lim: 4551, mbd: 4552, sbd: 4553 },
      logDir: '/var/log/lsf',
      logMask: 'LOG_DEBUG',
      shareDir: join(envDir, 'work'),
      limTiming: { exchangeIntervalSec: 0.2, hostInactivityLimit: 5 },
    });
    expect(config.queues.map((queue) => queue.name)).toEqual(['short', 'long']);
    expect(config.lsbHosts.hosts).toEqual([{ name: 'default', mxj: 2, jlu: null, line: 3 }]);
    expect(config.params).toMatchObject({
      defaultQueues: ['short', 'long'],
      sbdHeartbeatIntervalSec: 0.2,
    });
    expect(config.shared?.hostModels).toEqual([
      { name: 'Xeon8', cpuFactor: 60, architecture: null },
    ]);
    expect(config.lsfConf.get('LSF_UNIT_FOR_LIMITS')).toBe('MB');
    expect(config.files).toEqual([
      join(envDir, 'lsf.conf'),
      join(envDir, 'conf/lsf.shared'),
      join(envDir, 'conf/lsf.cluster.lavalite'),
      join(envDir, 'lsbatch/lavalite/configdir/lsb.queues'),
      join(envDir, 'lsbatch/lavalite/configdir/lsb.hosts'),
      join(envDir, 'lsbatch/lavalite/configdir/lsb.params'),
    ]);
  });

  it('takes the cluster name from lsf.shared when LSF_CLUSTER_NAME is not set', () => {
    write('lsf.conf', 'LSF_LOG_MASK=LOG_INFO');
    write('lsf.shared', lines('Begin Cluster', 'CLUSTERNAME', 'first', 'second', 'End Cluster'));
    write('lsf.cluster.first', CLUSTER_FILE);

    expect(loadClusterConfig(envDir).clusterName).toBe('first');
  });

  it('treats an empty lsf.conf value as unset', () => {
    writeMinimal('LSF_MASTER_LIST=', 'LSF_LOGDIR=', 'LSF_LIM_PORT=');

    expect(loadClusterConfig(envDir)).toMatchObject({
      masterList: ['node01', 'node02'],
      logDir: null,
      ports: { lim: 7869 },
    });
  });

  it('returns a deeply frozen object', () => {
    writeMinimal();

    const config = loadClusterConfig(envDir);

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ports)).toBe(true);
    expect(Object.isFrozen(config.queues)).toBe(true);
    expect(Object.isFrozen(config.queues[0].runLimitMin)).toBe(true);
    expect(Object.isFrozen(config.cluster.hosts[0].resources)).toBe(true);
    expect(() => config.masterList.push('login01')).toThrow(TypeError);
  });
});

describe('hostByName and cpuFactorOf', () => {
  it('finds a cluster host ignoring case', () => {
    writeMinimal();
    const config = loadClusterConfig(envDir);

    expect(hostByName(config, 'NODE01')?.name).toBe('node01');
    expect(hostByName(config, 'node99')).toBeUndefined();
  });

  it('gives the lsf.shared CPU factor of a model, and 1 otherwise', () => {
    writeMinimal();
    write(
      'lsf.shared',
      lines('Begin HostModel', 'MODELNAME CPUFACTOR', 'Xeon8 60', 'End HostModel'),
    );
    const config = loadClusterConfig(envDir);

    expect(cpuFactorOf(config, 'Xeon8')).toBe(60);
    expect(cpuFactorOf(config, 'Unknown')).toBe(1);
    expect(cpuFactorOf(config, null)).toBe(1);
  });

  it('gives a CPU factor of 1 when there is no lsf.shared', () => {
    writeMinimal();

    expect(cpuFactorOf(loadClusterConfig(envDir), 'Xeon8')).toBe(1);
  });
});

describe('loadClusterConfig errors', () => {
  it('refuses a directory without lsf.conf', () => {
    const error = configErrorOf(() => loadClusterConfig(envDir));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      file: join(envDir, 'lsf.conf'),
      line: 0,
      reason: 'lsf.conf not found',
    });
  });

  it('refuses a configuration without a cluster name', () => {
    write('lsf.conf', '# nothing');

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: join(envDir, 'lsf.conf'),
      line: 0,
      reason: 'LSF_CLUSTER_NAME is not set and no lsf.shared Cluster section names one',
    });
  });

  it('refuses a cluster name that would leave the configuration directory', () => {
    write('lsf.conf', lines('# cluster', 'LSF_CLUSTER_NAME=../../etc/passwd'));

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      line: 2,
      reason: "invalid LSF_CLUSTER_NAME '../../etc/passwd': use letters, digits, _, . or -",
    });
  });

  it('refuses a missing cluster file', () => {
    write('lsf.conf', 'LSF_CLUSTER_NAME=lavalite');

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: join(envDir, 'lsf.cluster.lavalite'),
      line: 0,
      reason: 'lsf.cluster.lavalite not found',
    });
  });

  it('reports a syntax error in lsf.conf at its line', () => {
    write('lsf.conf', lines('LSF_CLUSTER_NAME=lavalite', 'LSF_LOGDIR /tmp'));

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: join(envDir, 'lsf.conf'),
      line: 2,
    });
  });

  it('reports a bad line in any batch file with that file and line', () => {
    writeMinimal();
    const queues = write(
      'lsb.queues',
      lines('Begin Queue', 'QUEUE_NAME = q', 'PRIORITY = x', 'End Queue'),
    );

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: queues,
      line: 3,
      reason: "PRIORITY must be a non-negative integer, got 'x'",
    });
  });

  it('reports a bad line in lsf.shared even when the cluster name comes from lsf.conf', () => {
    writeMinimal();
    const shared = write(
      'lsf.shared',
      lines('Begin HostModel', 'MODELNAME CPUFACTOR', 'm 0', 'End HostModel'),
    );

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: shared,
      line: 3,
    });
  });

  it('refuses ports outside 1-65535 or not whole numbers, at their line', () => {
    for (const [key, value] of [
      ['LSF_LIM_PORT', '0'],
      ['LSB_MBD_PORT', '65536'],
      ['LSB_SBD_PORT', '68x2'],
    ]) {
      writeMinimal(`${key}=${value}`);

      expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
        file: join(envDir, 'lsf.conf'),
        line: 2,
        reason: `${key} must be a port number 1-65535, got '${value}'`,
      });
    }
  });

  it('refuses a master candidate that is not a host of the cluster file', () => {
    writeMinimal('LSF_MASTER_LIST="node01 node09"');

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      line: 2,
      reason: 'LSF_MASTER_LIST: node09 is not a host of lsf.cluster.lavalite',
    });
  });

  it('refuses a client-only master candidate', () => {
    writeMinimal('LSF_MASTER_LIST=login01');

    expect(configErrorOf(() => loadClusterConfig(envDir)).reason).toBe(
      'LSF_MASTER_LIST: login01 is a client-only host (server 0)',
    );
  });

  it('refuses a master candidate listed twice', () => {
    writeMinimal('LSF_MASTER_LIST="node01 NODE01"');

    expect(configErrorOf(() => loadClusterConfig(envDir)).reason).toBe(
      'LSF_MASTER_LIST: NODE01 is listed twice',
    );
  });

  it('refuses a cluster without any server host to be master', () => {
    write('lsf.conf', 'LSF_CLUSTER_NAME=c');
    const clusterFile = write(
      'lsf.cluster.c',
      lines('Begin Host', 'HOSTNAME server', 'h 0', 'End Host'),
    );

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: clusterFile,
      line: 0,
      reason: 'no server host (server 1) can act as master',
    });
  });

  it('refuses a DEFAULT_QUEUE that lsb.queues does not define, at its lsb.params line', () => {
    writeMinimal();
    write('lsb.queues', lines('Begin Queue', 'QUEUE_NAME = short', 'End Queue'));
    const params = write(
      'lsb.params',
      lines('Begin Parameters', '# queues', 'DEFAULT_QUEUE = short normal', 'End Parameters'),
    );

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      file: params,
      line: 3,
      reason: 'DEFAULT_QUEUE names queue normal, which lsb.queues does not define',
    });
  });

  it('accepts DEFAULT_QUEUE normal when lsb.queues is absent (the built-in queue)', () => {
    writeMinimal();
    write('lsb.params', lines('Begin Parameters', 'DEFAULT_QUEUE = normal', 'End Parameters'));

    expect(loadClusterConfig(envDir).params.defaultQueues).toEqual(['normal']);
  });

  it('refuses an unknown LSF_LOG_MASK', () => {
    writeMinimal('LSF_LOG_MASK=verbose');

    expect(configErrorOf(() => loadClusterConfig(envDir))).toMatchObject({
      line: 2,
      reason: "LSF_LOG_MASK must be a syslog level such as LOG_INFO, got 'verbose'",
    });
  });

  it('refuses a configuration file that cannot be read', () => {
    writeMinimal();
    mkdirSync(join(envDir, 'lsb.queues'));

    const error = configErrorOf(() => loadClusterConfig(envDir));

    expect(error).toMatchObject({ file: join(envDir, 'lsb.queues'), line: 0 });
    expect(error.reason).toMatch(/^cannot read: EISDIR/);
  });
});
