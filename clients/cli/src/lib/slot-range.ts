/** What `-n min[,max]` asks for: `maxSlots` is 0 when one number was given. */
export interface SlotRange {
  slots: number;
  maxSlots: number;
}

const RANGE = /^([1-9][0-9]*)(?:,([1-9][0-9]*))?$/;
const MOST_SLOTS = 0xffffffff;

/**
 * Reads `-n N` or `-n min,max` (bsub, bmod); null when the text is neither, a number is past
 * 32 bits, or max is below min. `-n N,N` is the same as `-n N`.
 */
export function parseSlotRange(text: string): SlotRange | null {
  const match = RANGE.exec(text);
  if (!match) {
    return null;
  }
  const slots = Number(match[1]);
  const most = match[2] === undefined ? slots : Number(match[2]);
  if (most > MOST_SLOTS || most < slots) {
    return null;
  }
  return { slots, maxSlots: most > slots ? most : 0 };
}
