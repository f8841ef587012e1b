import type { Timestamp } from './model';

export type FollowUpWindow = 'overdue' | 'today' | 'week';

/**
 * The due-date range of a follow-up filter, in the computer's own time zone:
 * "today" is local midnight to midnight, "week" is today and the six days after.
 * `from` is inclusive, `to` exclusive; `null` means unbounded.
 */
export function followUpRange(window: FollowUpWindow, now: Date): { from: Timestamp | null; to: Timestamp } {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const daysLater = (days: number) =>
    new Date(startOfToday.getFullYear(), startOfToday.getMonth(), startOfToday.getDate() + days).toISOString();
  switch (window) {
    case 'overdue':
      return { from: null, to: now.toISOString() };
    case 'today':
      return { from: startOfToday.toISOString(), to: daysLater(1) };
    case 'week':
      return { from: startOfToday.toISOString(), to: daysLater(7) };
  }
}
