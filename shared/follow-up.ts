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

/** What a follow-up reminder says, in the OS notification or the page's. */
export interface FollowUpNotice {
  title: string;
  body: string;
}

/**
 * The text of a reminder for `followUpDue`: one follow-up by its lead and title, several
 * as one count ("3 follow-ups are due") naming the earliest. Times are in the
 * computer's time zone: the clock time when due today, else the date too.
 */
export function followUpNotice(
  due: { title: string; leadName: string; dueAt: Timestamp; count: number },
  now: Date,
  locale?: string,
): FollowUpNotice {
  const at = new Date(due.dueAt);
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  const when = Number.isNaN(at.getTime())
    ? ''
    : at.toLocaleString(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
  const what = `${due.leadName}: ${due.title}`;
  if (due.count > 1) return { title: `${due.count} follow-ups are due`, body: `Earliest: ${what}${when ? ` (${when})` : ''}` };
  return { title: `Follow-up due: ${due.leadName}`, body: `${due.title}${when ? ` · due ${when}` : ''}` };
}
