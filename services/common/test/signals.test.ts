import { isSupportedSignal, parseSignal, Signal, SIGNAL_NAMES, signalName } from '../src/signals';

describe('signals', () => {
  it('lists the names bkill -l prints on Linux, in its order, without EMT and LOST', () => {
    expect(SIGNAL_NAMES.join(' ')).toBe(
      'HUP INT QUIT ILL TRAP IOT FPE KILL BUS SEGV SYS PIPE ALRM TERM STOP TSTP CONT CHLD ' +
        'TTIN TTOU IO XCPU XFSZ VTALRM PROF WINCH USR1 USR2',
    );
    expect(new Set(SIGNAL_NAMES)).toEqual(new Set(Object.keys(Signal)));
  });

  it.each([
    ['HUP', 1],
    ['INT', 2],
    ['QUIT', 3],
    ['ILL', 4],
    ['TRAP', 5],
    ['IOT', 6],
    ['BUS', 7],
    ['FPE', 8],
    ['KILL', 9],
    ['USR1', 10],
    ['SEGV', 11],
    ['USR2', 12],
    ['PIPE', 13],
    ['ALRM', 14],
    ['TERM', 15],
    ['CHLD', 17],
    ['CONT', 18],
    ['STOP', 19],
    ['TSTP', 20],
    ['TTIN', 21],
    ['TTOU', 22],
    ['XCPU', 24],
    ['XFSZ', 25],
    ['VTALRM', 26],
    ['PROF', 27],
    ['WINCH', 28],
    ['IO', 29],
    ['SYS', 31],
  ])('reads %s as Linux signal %d and names it back', (name, number) => {
    expect(parseSignal(name)).toBe(number);
    expect(signalName(number)).toBe(name);
    expect(isSupportedSignal(number)).toBe(true);
  });

  it.each(['KILL', 'kill', 'Kill', 'SIGKILL', 'sigkill', 'SigKill'])(
    'reads %s as KILL whatever the case and with or without SIG',
    (text) => {
      expect(parseSignal(text)).toBe(Signal.KILL);
    },
  );

  it('reads ABRT and SIGABRT as IOT, the name bkill -l uses for 6', () => {
    expect(parseSignal('ABRT')).toBe(6);
    expect(parseSignal('sigabrt')).toBe(6);
    expect(signalName(6)).toBe('IOT');
  });

  it.each([
    ['9', 9],
    ['09', 9],
    ['0', 0],
    ['32', 32],
    ['64', 64],
    ['99', 99],
  ])('passes the number %s through as %d so mbatchd can judge it', (text, number) => {
    expect(parseSignal(text)).toBe(number);
  });

  it.each([
    ['', 'nothing'],
    ['SIG', 'a bare prefix'],
    ['EMT', 'a signal Linux does not have'],
    ['LOST', 'a signal Linux does not have'],
    ['URG', 'a Linux signal bkill -l does not list'],
    ['SIGSIGKILL', 'a doubled prefix'],
    ['-9', 'a signed number'],
    ['+9', 'a signed number'],
    ['9x', 'a number with a tail'],
    [' 9', 'a number with a space'],
    ['1.5', 'a fraction'],
    ['1e3', 'an exponent'],
  ])('rejects %j: %s names no signal', (text) => {
    expect(parseSignal(text)).toBeNull();
  });

  it('rejects a number too large to be represented exactly', () => {
    expect(parseSignal('99999999999999999999')).toBeNull();
  });

  it.each([0, -1, 16, 23, 30, 32, 64, 99, 2.5])(
    'does not support signal %d, which bkill -l does not list',
    (number) => {
      expect(isSupportedSignal(number)).toBe(false);
      expect(signalName(number)).toBeUndefined();
    },
  );
});
