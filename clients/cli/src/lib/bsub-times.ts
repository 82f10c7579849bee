import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { memoryKb, unitForLimitsKb } from '../../../../services/common/src/config';
import { CommandFailure } from './command-failure';
import { ctime } from '../../../../services/common/src/ctime';

/** A bsub value that cannot be read: `<value>: <LSBE message>. Job not submitted.` */
function refuse(value: string, lsbe: Lsbe): CommandFailure {
  return new CommandFailure(`${value}: ${lsbeMessage(lsbe)}. Job not submitted.`);
}

const MINUTES = /^([0-9]+)$/;
const HOURS_MINUTES = /^([0-9]+):([0-9]+)$/;

/**
 * -W `[hh:]mm[/host]` in seconds. The host or model after `/` names the CPU factor LSF would
 * normalise by; LavaLite limits wall-clock time, so it is accepted and not used.
 */
export function parseRunLimit(text: string): number {
  const limit = text.split('/')[0];
  const minutes = MINUTES.exec(limit);
  const hoursMinutes = HOURS_MINUTES.exec(limit);
  const total = minutes
    ? Number(minutes[1])
    : hoursMinutes
      ? Number(hoursMinutes[1]) * 60 + Number(hoursMinutes[2])
      : NaN;
  if (
    !Number.isSafeInteger(total) ||
    total <= 0 ||
    (hoursMinutes && Number(hoursMinutes[2]) > 59)
  ) {
    throw refuse(text, Lsbe.LSBE_BAD_ARG);
  }
  return total * 60;
}

/** -M in KB: a number in LSF_UNIT_FOR_LIMITS units (KB when unset) or with its own unit. */
export function parseMemLimit(text: string, unitSetting: string | undefined): number {
  const unitKb = unitForLimitsKb(unitSetting) ?? 1;
  const kb = memoryKb(text, unitKb);
  if (kb === null || kb <= 0) {
    throw refuse(text, Lsbe.LSBE_BAD_ARG);
  }
  return kb;
}

/**
 * -b and -t, `[[[yyyy:]mm:]dd:]hh:mm`, in milliseconds since the epoch, local time. Fields left
 * out are the next time that matches: `18:00` after 18:00 means tomorrow, as in LSF.
 */
export function parseTimeSpec(text: string, now: Date): number {
  const fields = text.split(':');
  if (fields.length < 2 || fields.length > 5 || fields.some((field) => !/^[0-9]+$/.test(field))) {
    throw refuse(text, Lsbe.LSBE_BAD_TIME);
  }
  const numbers = fields.map(Number);
  const [minute, hour, day, month, year] = numbers.reverse();
  if (minute > 59 || hour > 23 || (day !== undefined && (day < 1 || day > 31))) {
    throw refuse(text, Lsbe.LSBE_BAD_TIME);
  }
  if (month !== undefined && (month < 1 || month > 12)) {
    throw refuse(text, Lsbe.LSBE_BAD_TIME);
  }

  const candidate = new Date(
    year ?? now.getFullYear(),
    month === undefined ? now.getMonth() : month - 1,
    day ?? now.getDate(),
    hour,
    minute,
  );
  if (candidate.getDate() !== (day ?? candidate.getDate())) {
    throw refuse(text, Lsbe.LSBE_BAD_TIME);
  }
  if (candidate.getTime() > now.getTime() || year !== undefined) {
    return candidate.getTime();
  }
  // The next occurrence: roll the first field the user left out.
  if (day === undefined) {
    candidate.setDate(candidate.getDate() + 1);
  } else if (month === undefined) {
    candidate.setMonth(candidate.getMonth() + 1);
  } else {
    candidate.setFullYear(candidate.getFullYear() + 1);
  }
  return candidate.getTime();
}

/** What bsub says on stderr of an accepted job's -b and -t. */
export function timeNotices(beginTimeMs: number, termTimeMs: number): string {
  const begin = beginTimeMs ? `Job will be scheduled after ${ctime(beginTimeMs)}\n` : '';
  const end = termTimeMs ? `Job will be terminated by ${ctime(termTimeMs)}\n` : '';
  return begin + end;
}
