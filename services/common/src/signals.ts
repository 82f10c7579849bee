/**
 * Signal names and numbers as `bkill -s` accepts them and `bkill -l` lists them. Numbers are
 * Linux's; EMT and LOST, which `bkill -l` prints on other systems, do not exist here.
 */

/** The signals a job may be sent, by name without SIG. */
export const Signal = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  SYS: 31,
} as const;

export type SignalName = keyof typeof Signal;

/** The names in `bkill -l` order. */
export const SIGNAL_NAMES: readonly SignalName[] = [
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'IOT',
  'FPE',
  'KILL',
  'BUS',
  'SEGV',
  'SYS',
  'PIPE',
  'ALRM',
  'TERM',
  'STOP',
  'TSTP',
  'CONT',
  'CHLD',
  'TTIN',
  'TTOU',
  'IO',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'USR1',
  'USR2',
];

// ABRT is Linux's own name for IOT; users type either.
const NUMBER_BY_NAME: ReadonlyMap<string, number> = new Map([
  ...Object.entries(Signal),
  ['ABRT', Signal.IOT],
]);

const NAME_BY_NUMBER: ReadonlyMap<number, SignalName> = new Map(
  SIGNAL_NAMES.map((name) => [Signal[name], name]),
);

const DECIMAL = /^[0-9]+$/;

/**
 * Reads a signal as a user writes it: `KILL`, `sigkill`, `SIGKILL` or `9`. A number is returned
 * as given, even one no signal has, so mbatchd can answer it with LSBE_BAD_SIGNAL; null means
 * the text names no signal at all.
 */
export function parseSignal(text: string): number | null {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : null;
  }

  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper.slice(3) : upper;
  return NUMBER_BY_NAME.get(name) ?? null;
}

/** The `bkill -l` name of a signal number (IOT for 6), or undefined for an unsupported one. */
export function signalName(signal: number): SignalName | undefined {
  return NAME_BY_NUMBER.get(signal);
}

/** True for the numbers of the signals in `bkill -l`; every other number is refused. */
export function isSupportedSignal(signal: number): boolean {
  return NAME_BY_NUMBER.has(signal);
}
