/**
 * The two clock formats the job commands print, in local time and always in English month and
 * day names, because scripts parse them as LSF prints them under the C locale.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/** `%b %e %H:%M`, bjobs' SUBMIT_TIME: `Mar  4 09:15`. */
export function formatSubmitTime(ms: number): string {
  const date = new Date(ms);
  const day = String(date.getDate()).padStart(2, ' ');
  return `${MONTHS[date.getMonth()]} ${day} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `%a %b %e %H:%M:%S`, the stamp that opens each event line of `bjobs -l`. */
export function formatEventTime(ms: number): string {
  const date = new Date(ms);
  return `${DAYS[date.getDay()]} ${formatSubmitTime(ms)}:${two(date.getSeconds())}`;
}
