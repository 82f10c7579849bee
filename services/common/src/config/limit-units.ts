/**
 * Memory amounts as LSF writes them (`-M`, `MEMLIMIT`, `rusage[mem=...]`): a number in the
 * unit LSF_UNIT_FOR_LIMITS names (KB when unset), or with a unit of its own (`2G`, `512MB`).
 */

const UNIT_KB: Readonly<Record<string, number>> = {
  K: 1,
  KB: 1,
  M: 1024,
  MB: 1024,
  G: 1024 ** 2,
  GB: 1024 ** 2,
  T: 1024 ** 3,
  TB: 1024 ** 3,
  P: 1024 ** 4,
  PB: 1024 ** 4,
};

const AMOUNT = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$/;

/** KB per unit of LSF_UNIT_FOR_LIMITS; null when the setting names no known unit. */
export function unitForLimitsKb(setting: string | undefined): number | null {
  if (setting === undefined || setting.trim() === '') {
    return 1;
  }
  return UNIT_KB[setting.trim().toUpperCase()] ?? null;
}

/** The KB an amount means, rounded up; null when it is not a valid amount. */
export function memoryKb(text: string, defaultUnitKb: number): number | null {
  const match = AMOUNT.exec(text.trim());
  if (!match) {
    return null;
  }
  const unit = match[2] === '' ? defaultUnitKb : UNIT_KB[match[2].toUpperCase()];
  if (unit === undefined) {
    return null;
  }
  const kb = Math.ceil(Number(match[1]) * unit);
  return Number.isSafeInteger(kb) ? kb : null;
}
