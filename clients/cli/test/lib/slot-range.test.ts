import { parseSlotRange } from '../../src/lib/slot-range';

describe('parseSlotRange', () => {
  it('reads one number as exactly that many slots', () => {
    expect(parseSlotRange('4')).toEqual({ slots: 4, maxSlots: 0 });
    expect(parseSlotRange('4,4')).toEqual({ slots: 4, maxSlots: 0 });
  });

  it('reads min,max as a range', () => {
    expect(parseSlotRange('2,8')).toEqual({ slots: 2, maxSlots: 8 });
  });

  it('refuses what is not a positive count or a range upside down', () => {
    for (const text of ['0', '-1', '2,', ',4', '2,1', '2.5', '2,3,4', ' 2', '4294967296']) {
      expect(parseSlotRange(text)).toBeNull();
    }
  });
});
