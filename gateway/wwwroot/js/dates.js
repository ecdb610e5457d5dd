// @ts-check
/**
 * How every page writes a moment: "2026-12-05 06:20 UTC+1", the reader's own clock with its offset
 * from UTC. Not toLocaleString(): a review team spread over countries reads "05/12/2026" as 5 December
 * or 12 May depending on who wrote it, and a time without its zone as their own.
 */

/** @param {number} n */
const two = (n) => String(n).padStart(2, '0');

/**
 * @param {string | number | Date} value an ISO timestamp from the API (or a Date)
 * @returns {string} "2026-12-05 06:20 UTC+1" ("UTC" alone at offset zero, "UTC+5:30" for a part hour);
 * the value itself when it is not a time
 */
export function dateTime(value) {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return `${date} ${time} ${zone(-at.getTimezoneOffset())}`;
}

/** The offset from UTC in force at that moment (summer time included). @param {number} minutes east of UTC */
function zone(minutes) {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest ? `:${two(rest)}` : ''}`;
}
