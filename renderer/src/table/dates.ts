const thisYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const otherYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function dayNumber(date: Date): number {
  // Local midnight as a whole day count; rounding absorbs daylight-saving hours.
  return Math.round(new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() / 86_400_000);
}

/** A day as a list reads best, in the computer's time zone: Today, Yesterday, Tomorrow, "12 Mar", "12 Mar 2025". */
export function formatDay(iso: string, now: Date): string {
  const date = new Date(iso);
  const offset = dayNumber(date) - dayNumber(now);
  if (offset === 0) return 'Today';
  if (offset === -1) return 'Yesterday';
  if (offset === 1) return 'Tomorrow';
  return (date.getFullYear() === now.getFullYear() ? thisYear : otherYear).format(date);
}

/** The full local date and time, for a tooltip. */
export function formatFull(iso: string): string {
  return full.format(new Date(iso));
}
