import { ConfigError } from './config-error';
import { nonNegativeInteger, words, yesNo, type ValueSite } from './config-values';
import { expectKeywords, keywordReader, pickSections } from './section-shape';
import { readSections, type Section } from './sections';

/** A `[default] max` limit; null means not set (unlimited). */
export interface LimitPair {
  readonly default: number | null;
  readonly max: number | null;
}

/** One queue of lsb.queues. */
export interface QueueConfig {
  readonly name: string;
  /** Larger runs first. */
  readonly priority: number;
  readonly description: string;
  readonly users: string[];
  readonly hosts: string[];
  readonly administrators: string[];
  /** UJOB_LIMIT (JL/U): slots per user; null = unlimited. */
  readonly ujobLimit: number | null;
  /** QJOB_LIMIT (MAX): slots for the whole queue. */
  readonly qjobLimit: number | null;
  /** HJOB_LIMIT (JL/H): slots per host. */
  readonly hjobLimit: number | null;
  /** PJOB_LIMIT (JL/P): slots per processor. */
  readonly pjobLimit: number | null;
  /** RUNLIMIT in minutes. */
  readonly runLimitMin: LimitPair;
  /** MEMLIMIT as written, in LSF_UNIT_FOR_LIMITS units. */
  readonly memLimit: LimitPair;
  readonly exclusive: boolean;
  readonly rerunnable: boolean;
  readonly requeueExitValues: number[];
  readonly jobTerminateIntervalSec: number | null;
  readonly resReq: string | null;
  /** Line of the Begin Queue line; 0 for the built-in queue used without lsb.queues. */
  readonly line: number;
  /** Keywords this parser does not interpret, upper-cased, with raw values. */
  readonly extra: Map<string, string>;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,40}$/;
const HOURS_MINUTES = /^(\d+):(\d+)$/;
const MAX_EXIT_VALUE = 255;
const INTERPRETED = new Set([
  'QUEUE_NAME',
  'PRIORITY',
  'DESCRIPTION',
  'USERS',
  'HOSTS',
  'ADMINISTRATORS',
  'UJOB_LIMIT',
  'QJOB_LIMIT',
  'HJOB_LIMIT',
  'PJOB_LIMIT',
  'RUNLIMIT',
  'MEMLIMIT',
  'EXCLUSIVE',
  'RERUNNABLE',
  'REQUEUE_EXIT_VALUES',
  'JOB_TERMINATE_INTERVAL',
  'RES_REQ',
]);

/** A queue with every setting at its LSF default. */
export function defaultQueue(name: string, line: number): QueueConfig {
  return {
    name,
    priority: 1,
    description: '',
    users: ['all'],
    hosts: ['all'],
    administrators: [],
    ujobLimit: null,
    qjobLimit: null,
    hjobLimit: null,
    pjobLimit: null,
    runLimitMin: { default: null, max: null },
    memLimit: { default: null, max: null },
    exclusive: false,
    rerunnable: false,
    requeueExitValues: [],
    jobTerminateIntervalSec: null,
    resReq: null,
    line,
    extra: new Map(),
  };
}

/** Parses lsb.queues in file order; throws ConfigError naming the line of the first problem. */
export function parseLsbQueues(text: string, file: string): QueueConfig[] {
  const { Queue: sections } = pickSections(readSections(text, file), file, { Queue: 'many' });
  if (sections.length === 0) {
    throw new ConfigError(file, 0, 'no Queue section: define at least one queue');
  }

  const queues = new Map<string, QueueConfig>();
  for (const section of sections) {
    const queue = parseQueue(section, file);
    const earlier = queues.get(queue.name);
    if (earlier !== undefined) {
      const reason = `queue ${queue.name} is already defined on line ${earlier.line}`;
      throw new ConfigError(file, section.line, reason);
    }
    queues.set(queue.name, queue);
  }
  return [...queues.values()];
}

function parseQueue(section: Section, file: string): QueueConfig {
  expectKeywords(section, file);
  const base = defaultQueue(queueName(section, file), section.line);
  const get = keywordReader(section, file);

  return {
    ...base,
    priority: get('PRIORITY', nonNegativeInteger) ?? base.priority,
    description: get('DESCRIPTION', (value) => value) ?? base.description,
    users: get('USERS', nonEmptyList) ?? base.users,
    hosts: get('HOSTS', nonEmptyList) ?? base.hosts,
    administrators: get('ADMINISTRATORS', words) ?? base.administrators,
    ujobLimit: get('UJOB_LIMIT', nonNegativeInteger) ?? base.ujobLimit,
    qjobLimit: get('QJOB_LIMIT', nonNegativeInteger) ?? base.qjobLimit,
    hjobLimit: get('HJOB_LIMIT', nonNegativeInteger) ?? base.hjobLimit,
    pjobLimit: get('PJOB_LIMIT', nonNegativeInteger) ?? base.pjobLimit,
    runLimitMin: get('RUNLIMIT', runLimit) ?? base.runLimitMin,
    memLimit: get('MEMLIMIT', memLimit) ?? base.memLimit,
    exclusive: get('EXCLUSIVE', yesNo) ?? base.exclusive,
    rerunnable: get('RERUNNABLE', yesNo) ?? base.rerunnable,
    requeueExitValues: get('REQUEUE_EXIT_VALUES', exitValues) ?? base.requeueExitValues,
    jobTerminateIntervalSec:
      get('JOB_TERMINATE_INTERVAL', nonNegativeInteger) ?? base.jobTerminateIntervalSec,
    resReq: get('RES_REQ', (value) => value || null) ?? base.resReq,
    extra: uninterpreted(section),
  };
}

function queueName(section: Section, file: string): string {
  const entry = section.keywords.get('QUEUE_NAME');
  if (entry === undefined) {
    throw new ConfigError(file, section.line, 'Queue section has no QUEUE_NAME');
  }
  if (!QUEUE_NAME.test(entry.value)) {
    const reason = `invalid QUEUE_NAME '${entry.value}': use 1-40 letters, digits, _ or -`;
    throw new ConfigError(file, entry.line, reason);
  }
  return entry.value;
}

function nonEmptyList(value: string, key: string, at: ValueSite): string[] {
  const items = words(value);
  if (items.length === 0) {
    throw new ConfigError(at.file, at.line, `${key} is empty; leave it out to mean all`);
  }
  return items;
}

/** Parses `[default] max`; a default above the maximum could never be honoured. */
function limitPair(
  value: string,
  key: string,
  at: ValueSite,
  parseOne: (text: string, key: string, at: ValueSite) => number,
): LimitPair {
  const parts = words(value).map((part) => parseOne(part, key, at));
  if (parts.length === 1) {
    return { default: null, max: parts[0] };
  }
  if (parts.length !== 2) {
    throw new ConfigError(at.file, at.line, `${key} takes '[default] max', got '${value}'`);
  }

  const [defaultValue, max] = parts;
  if (defaultValue > max) {
    throw new ConfigError(at.file, at.line, `${key} default ${defaultValue} exceeds max ${max}`);
  }
  return { default: defaultValue, max };
}

function runLimit(value: string, key: string, at: ValueSite): LimitPair {
  return limitPair(value, key, at, minutes);
}

function memLimit(value: string, key: string, at: ValueSite): LimitPair {
  return limitPair(value, key, at, nonNegativeInteger);
}

/** Parses `[hh:]mm` into minutes. Host-normalised limits (`60/hostA`) are refused. */
function minutes(text: string, key: string, at: ValueSite): number {
  if (text.includes('/')) {
    const reason = `${key} '${text}': host-normalised limits (/host_spec) are not supported`;
    throw new ConfigError(at.file, at.line, reason);
  }

  const hoursMinutes = HOURS_MINUTES.exec(text);
  if (hoursMinutes === null) {
    return nonNegativeInteger(text, `${key} (minutes)`, at);
  }
  const hours = nonNegativeInteger(hoursMinutes[1], key, at);
  const mins = nonNegativeInteger(hoursMinutes[2], key, at);
  if (mins > 59) {
    throw new ConfigError(at.file, at.line, `${key} '${text}': minutes after hh: must be 0-59`);
  }
  return hours * 60 + mins;
}

function exitValues(value: string, key: string, at: ValueSite): number[] {
  if (/exclude/i.test(value)) {
    throw new ConfigError(at.file, at.line, `${key}: the EXCLUDE(...) form is not supported`);
  }

  return words(value).map((text) => {
    const code = nonNegativeInteger(text, key, at);
    if (code > MAX_EXIT_VALUE) {
      throw new ConfigError(at.file, at.line, `${key}: ${code} is not an exit code (0-255)`);
    }
    return code;
  });
}

function uninterpreted(section: Section): Map<string, string> {
  const extra = new Map<string, string>();
  for (const [key, { value }] of section.keywords) {
    if (!INTERPRETED.has(key)) {
      extra.set(key, value);
    }
  }
  return extra;
}
