import { parseEventDetails } from '../../src/lib/history-details';

describe('parseEventDetails', () => {
  it('reads the fields of each event kind', () => {
    const json = JSON.stringify({
      queue: 'normal',
      fromHost: 'login01',
      cwd: '/w',
      hold: true,
      hosts: ['n1'],
      pid: 7,
      execHome: '/h',
      execCwd: '/h/w',
      signal: 'KILL',
      exitCode: 1,
      cpuTimeSec: 0.5,
    });
    expect(parseEventDetails(json)).toEqual({
      queue: 'normal',
      fromHost: 'login01',
      cwd: '/w',
      hold: true,
      hosts: ['n1'],
      pid: 7,
      execHome: '/h',
      execCwd: '/h/w',
      signal: 'KILL',
      exitCode: 1,
      cpuTimeSec: 0.5,
    });
  });

  it('drops fields of the wrong type and ones it does not know', () => {
    const json = JSON.stringify({ pid: '7', hosts: ['n1', 2], hold: 'yes', extra: 1, signal: 9 });
    expect(parseEventDetails(json)).toEqual({ signal: 9 });
  });

  it('yields no details for empty, malformed or non-object text', () => {
    expect(parseEventDetails('')).toEqual({});
    expect(parseEventDetails('{not json')).toEqual({});
    expect(parseEventDetails('[1,2]')).toEqual({});
    expect(parseEventDetails('null')).toEqual({});
  });
});
