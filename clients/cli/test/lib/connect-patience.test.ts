import type { ClusterConfig } from '../../../../services/common/src/config';
import { connectBoundMs } from '../../src/lib/connect-patience';

function withLsfConf(entries: Record<string, string>): ClusterConfig {
  return { lsfConf: new Map(Object.entries(entries)) } as unknown as ClusterConfig;
}

describe('connectBoundMs', () => {
  it('is LSB_NTRIES × LSB_API_CONNTIMEOUT seconds', () => {
    expect(connectBoundMs(withLsfConf({ LSB_API_CONNTIMEOUT: '2', LSB_NTRIES: '3' }))).toBe(6000);
  });

  it('is a minute without either: 6 tries of 10 seconds', () => {
    expect(connectBoundMs(withLsfConf({}))).toBe(60_000);
  });

  it('takes the default for a value that is not a positive number', () => {
    expect(connectBoundMs(withLsfConf({ LSB_API_CONNTIMEOUT: 'x', LSB_NTRIES: '0' }))).toBe(60_000);
  });
});
