import { formatEventTime, formatSubmitTime } from '../../src/render/job-time';

describe('formatSubmitTime', () => {
  it('prints %b %e %H:%M with a space-padded day', () => {
    expect(formatSubmitTime(new Date(2025, 2, 4, 9, 15, 3).getTime())).toBe('Mar  4 09:15');
  });

  it('prints a two-digit day and late hours as they are', () => {
    expect(formatSubmitTime(new Date(2025, 11, 31, 23, 59, 59).getTime())).toBe('Dec 31 23:59');
  });
});

describe('formatEventTime', () => {
  it('prints %a %b %e %H:%M:%S in local time', () => {
    expect(formatEventTime(new Date(2025, 2, 4, 9, 15, 3).getTime())).toBe('Tue Mar  4 09:15:03');
  });

  it('pads seconds and names Sunday', () => {
    expect(formatEventTime(new Date(2025, 0, 5, 0, 0, 7).getTime())).toBe('Sun Jan  5 00:00:07');
  });
});
