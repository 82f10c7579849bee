const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A long-format event stamp in local time, `%a %b %e %H:%M:%S` (ctime characters 0-18):
 * `Tue Mar  4 09:15:03`. The day of the month is space-padded, as `%e` pads it.
 */
export function formatStamp(timeMs: number): string {
  const date = new Date(timeMs);
  const time = [date.getHours(), date.getMinutes(), date.getSeconds()].map(twoDigits).join(':');
  const day = String(date.getDate()).padStart(2, ' ');
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${day} ${time}`;
}
