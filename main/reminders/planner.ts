import type { Timestamp } from '../../shared/model';

/** An open follow-up as the reminder planner sees it. */
export interface ReminderTask {
  id: string;
  leadId: string;
  leadName: string;
  title: string;
  /** An instant (ISO-8601); "due" means now >= dueAt, whatever the time zone. */
  dueAt: Timestamp;
  /** A completed follow-up never reminds; open tasks have null here. */
  doneAt?: Timestamp | null;
}

/** Task id → the due time this computer already reminded about. */
export type RemindedDueTimes = ReadonlyMap<string, Timestamp>;

export interface ReminderPlan {
  /** Follow-ups to remind about now, earliest due first. */
  dueNow: ReminderTask[];
  /** When the next not-yet-reminded follow-up comes due; null when none is waiting. */
  nextWakeAt: Date | null;
}

/**
 * Which follow-ups to remind about now, and when to look again.
 *
 * A follow-up reminds once per due time: a reminder for a due time covers that time and
 * any earlier one, so moving a follow-up later reminds again when the new time comes,
 * and moving it earlier (or a restart) does not repeat. Times are compared as instants,
 * so a daylight-saving change between setting and reaching a local time changes nothing.
 * Completed follow-ups and unreadable due times are passed over.
 *
 * @example nextReminders(tasks, new Map([[id, '2026-03-01T09:00:00.000Z']]), new Date())
 */
export function nextReminders(openTasks: readonly ReminderTask[], reminded: RemindedDueTimes, now: Date): ReminderPlan {
  const nowMs = now.getTime();
  const byId = new Map<string, { task: ReminderTask; dueMs: number }>();
  for (const task of openTasks) {
    if (task.doneAt || byId.has(task.id)) continue;
    const dueMs = Date.parse(task.dueAt);
    if (Number.isNaN(dueMs)) continue;
    const remindedMs = Date.parse(reminded.get(task.id) ?? '');
    if (remindedMs >= dueMs) continue;
    byId.set(task.id, { task, dueMs });
  }
  const dueNow: { task: ReminderTask; dueMs: number }[] = [];
  let nextMs = Infinity;
  for (const entry of byId.values()) {
    if (entry.dueMs <= nowMs) dueNow.push(entry);
    else nextMs = Math.min(nextMs, entry.dueMs);
  }
  dueNow.sort((a, b) => a.dueMs - b.dueMs || (a.task.id < b.task.id ? -1 : 1));
  return { dueNow: dueNow.map((e) => e.task), nextWakeAt: nextMs === Infinity ? null : new Date(nextMs) };
}
