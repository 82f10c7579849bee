import { formatStamp } from '../../src/render/history-stamp';

describe('formatStamp', () => {
  it('prints ctime characters 0-18 with a space-padded day, in local time', () => {
    expect(formatStamp(new Date(2025, 2, 4, 9, 15, 3).getTime())).toBe('Tue Mar  4 09:15:03');
  });

  it('prints a two-digit day and late hours unpadded by spaces', () => {
    expect(formatStamp(new Date(2024, 11, 25, 23, 5, 59).getTime())).toBe('Wed Dec 25 23:05:59');
  });
});
