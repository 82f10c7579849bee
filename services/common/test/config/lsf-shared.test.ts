import { ConfigError } from '../../src/config/config-error';
import { parseLsfShared } from '../../src/config/lsf-shared';
import { configErrorOf, lines } from './config-error-of';

const FILE = '/etc/lsf/conf/lsf.shared';

function failure(text: string): ConfigError {
  return configErrorOf(() => parseLsfShared(text, FILE));
}

describe('parseLsfShared', () => {
  it('reads a realistic lsf.shared with clusters, types, models and resources', () => {
    const text = lines(
      '# lsf.shared: definitions shared by every cluster',
      'Begin Cluster',
      'ClusterName          # Keyword',
      'lavalite',
      'spare_cluster',
      'End Cluster',
      '',
      'Begin HostType',
      'TYPENAME             # Keyword',
      'LINUX86',
      'LINUX64',
      'End HostType',
      '',
      'Begin HostModel',
      'MODELNAME  CPUFACTOR   ARCHITECTURE # keyword',
      'Xeon8      60.0        (x86_64_Xeon8)',
      'Opteron    40          ()',
      'Generic    1',
      'End HostModel',
      '',
      'Begin Resource',
      'RESOURCENAME  TYPE    INTERVAL INCREASING  DESCRIPTION        # Keywords',
      'mg            Boolean ()       ()          (Management hosts)',
      'scratch       Numeric 30       N           (Scratch space \\',
      '                                            in MB)',
      'End Resource',
    );

    expect(parseLsfShared(text, FILE)).toEqual({
      clusterNames: ['lavalite', 'spare_cluster'],
      hostTypes: ['LINUX86', 'LINUX64'],
      hostModels: [
        { name: 'Xeon8', cpuFactor: 60, architecture: 'x86_64_Xeon8' },
        { name: 'Opteron', cpuFactor: 40, architecture: null },
        { name: 'Generic', cpuFactor: 1, architecture: null },
      ],
    });
  });

  it('gives empty lists for an empty file', () => {
    expect(parseLsfShared('# nothing yet\n', FILE)).toEqual({
      clusterNames: [],
      hostTypes: [],
      hostModels: [],
    });
  });

  it('accepts fractional CPU factors', () => {
    const text = lines('Begin HostModel', 'MODELNAME CPUFACTOR', 'slow 0.25', 'End HostModel');

    expect(parseLsfShared(text, FILE).hostModels).toEqual([
      { name: 'slow', cpuFactor: 0.25, architecture: null },
    ]);
  });
});

describe('parseLsfShared errors', () => {
  const model = (row: string): string =>
    lines('Begin HostModel', 'MODELNAME CPUFACTOR ARCHITECTURE', row, 'End HostModel');

  it('refuses an unknown section', () => {
    const error = failure(lines('Begin Clusters', 'End Clusters'));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      file: FILE,
      line: 1,
      reason: 'unknown section Clusters; expected Cluster, HostType, HostModel, Resource',
    });
  });

  it('refuses a CPU factor of zero', () => {
    expect(failure(model('m1 0 ()'))).toMatchObject({
      line: 3,
      reason: "CPUFACTOR of m1 must be a number > 0, got '0'",
    });
  });

  it('refuses a negative or non-numeric CPU factor', () => {
    expect(failure(model('m1 -2 ()')).reason).toBe(
      "CPUFACTOR of m1 must be a number > 0, got '-2'",
    );
    expect(failure(model('m1 fast ()')).reason).toBe(
      "CPUFACTOR of m1 must be a number > 0, got 'fast'",
    );
  });

  it('refuses a missing CPU factor', () => {
    expect(failure(model('m1'))).toMatchObject({
      line: 3,
      reason: "CPUFACTOR of m1 must be a number > 0, got ''",
    });
  });

  it('refuses a HostModel header without CPUFACTOR', () => {
    const text = lines('Begin HostModel', 'MODELNAME ARCHITECTURE', 'm1 ()', 'End HostModel');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'HostModel section header has no CPUFACTOR column',
    });
  });

  it('refuses a model listed twice', () => {
    const text = lines('Begin HostModel', 'MODELNAME CPUFACTOR', 'm1 1', 'm1 2', 'End HostModel');

    expect(failure(text)).toMatchObject({
      line: 4,
      reason: 'MODELNAME m1 is already listed on line 3',
    });
  });

  it('refuses a cluster listed twice', () => {
    const text = lines('Begin Cluster', 'CLUSTERNAME', 'c1', 'c1', 'End Cluster');

    expect(failure(text)).toMatchObject({
      line: 4,
      reason: 'CLUSTERNAME c1 is already listed on line 3',
    });
  });

  it('refuses a cluster name that cannot be part of a file name', () => {
    const text = lines('Begin Cluster', 'CLUSTERNAME', '../etc', 'End Cluster');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: "invalid CLUSTERNAME '../etc'",
    });
  });

  it('refuses a Cluster header without a CLUSTERNAME column', () => {
    const text = lines('Begin Cluster', 'NAME', 'c1', 'End Cluster');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'Cluster section header has no CLUSTERNAME column',
    });
  });

  it('refuses keyword lines in a table section', () => {
    const text = lines('Begin HostType', 'TYPENAME = LINUX', 'End HostType');

    expect(failure(text)).toMatchObject({
      line: 2,
      reason: 'HostType section takes a table, found keyword TYPENAME',
    });
  });

  it('refuses a row with an empty name', () => {
    const text = lines('Begin HostType', 'TYPENAME', '""', 'End HostType');

    expect(failure(text)).toMatchObject({
      line: 3,
      reason: 'row has no TYPENAME value',
    });
  });
});
