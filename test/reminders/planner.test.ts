import { afterEach, describe, expect, it } from 'vitest';
import { nextReminders, type ReminderTask } from '../../main/reminders/planner';
import { followUpNotice } from '../../shared/follow-up';

const at = (iso: string) => new Date(iso);
const task = (id: string, dueAt: string, extra: Partial<ReminderTask> = {}): ReminderTask => ({
  id,
  leadId: `lead-${id}`,
  leadName: `Lead ${id}`,
  title: `Call ${id}`,
  dueAt,
  ...extra,
});
const none = new Map<string, string>();

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});
/** Runs with the computer set to another time zone (Node re-reads TZ when it changes). */
function inTimeZone<T>(zone: string, work: () => T): T {
  process.env.TZ = zone;
  return work();
}

describe('which follow-ups remind now (the planner)', () => {
  it('reminds when the due instant is reached, not a millisecond before, and says when to look next', () => {
    const tasks = [task('a', '2026-03-01T09:30:00.000Z')];
    expect(nextReminders(tasks, none, at('2026-03-01T09:29:59.999Z'))).toEqual({ dueNow: [], nextWakeAt: at('2026-03-01T09:30:00.000Z') });
    expect(nextReminders(tasks, none, at('2026-03-01T09:30:00.000Z')).dueNow.map((t) => t.id)).toEqual(['a']);
  });

  it('a thousand follow-ups due at once come back together, earliest first, and nothing is left to wake for', () => {
    const tasks = Array.from({ length: 1000 }, (_, i) => task(`t${String(999 - i).padStart(4, '0')}`, new Date(Date.UTC(2026, 2, 1, 8, 0, 999 - i)).toISOString()));
    const plan = nextReminders(tasks, none, at('2026-03-01T09:00:00Z'));
    expect(plan.dueNow).toHaveLength(1000);
    expect(plan.dueNow[0]!.id).toBe('t0000');
    expect(plan.dueNow.at(-1)!.id).toBe('t0999');
    expect(plan.nextWakeAt).toBeNull();
  });

  it('a follow-up reminded for its due time does not remind again', () => {
    const tasks = [task('a', '2026-03-01T09:30:00.000Z')];
    const reminded = new Map([['a', '2026-03-01T09:30:00.000Z']]);
    expect(nextReminders(tasks, reminded, at('2026-03-02T09:00:00Z'))).toEqual({ dueNow: [], nextWakeAt: null });
  });

  it('moving a reminded follow-up later reminds again at the new time; moving it earlier does not repeat', () => {
    const reminded = new Map([['a', '2026-03-01T09:30:00.000Z']]);
    const later = [task('a', '2026-03-01T11:00:00.000Z')];
    expect(nextReminders(later, reminded, at('2026-03-01T10:00:00Z'))).toEqual({ dueNow: [], nextWakeAt: at('2026-03-01T11:00:00Z') });
    expect(nextReminders(later, reminded, at('2026-03-01T11:00:00Z')).dueNow.map((t) => t.id)).toEqual(['a']);
    const earlier = [task('a', '2026-03-01T09:00:00.000Z')];
    expect(nextReminders(earlier, reminded, at('2026-03-01T10:00:00Z')).dueNow).toEqual([]);
  });

  it('a completed follow-up never reminds, however overdue', () => {
    const tasks = [task('a', '2026-01-01T09:00:00Z', { doneAt: '2026-01-01T08:00:00Z' }), task('b', '2026-12-01T09:00:00Z', { doneAt: '2026-01-01T08:00:00Z' })];
    expect(nextReminders(tasks, none, at('2026-03-01T09:00:00Z'))).toEqual({ dueNow: [], nextWakeAt: null });
  });

  it('compares instants, not text: a due time written with an offset is due at the same moment', () => {
    // 11:00 in Cairo (UTC+2) is 09:00 UTC; as text "…T11:00…+02:00" sorts after "…T10:00…Z".
    const tasks = [task('a', '2026-03-01T11:00:00+02:00')];
    expect(nextReminders(tasks, none, at('2026-03-01T09:00:00Z')).dueNow.map((t) => t.id)).toEqual(['a']);
    expect(nextReminders(tasks, new Map([['a', '2026-03-01T09:00:00.000Z']]), at('2026-03-01T10:00:00Z')).dueNow).toEqual([]);
  });

  it('survives garbage: unreadable due times, unreadable reminder records and repeated ids', () => {
    const tasks = [task('bad', 'not a date'), task('empty', ''), task('a', '2026-03-01T08:00:00Z'), task('a', '2026-03-01T08:00:00Z'), task('b', '2026-03-01T08:30:00Z')];
    const reminded = new Map([['b', 'yesterday-ish']]);
    const plan = nextReminders(tasks, reminded, at('2026-03-01T09:00:00Z'));
    expect(plan.dueNow.map((t) => t.id)).toEqual(['a', 'b']);
    expect(nextReminders([], none, at('2026-03-01T09:00:00Z'))).toEqual({ dueNow: [], nextWakeAt: null });
  });

  it('"tomorrow at 9" set the day before the clocks go forward reminds at 9 local time, not at 10', () => {
    inTimeZone('Europe/Berlin', () => {
      // Berlin springs forward on 29 March 2026; the follow-up is set on the 28th for 09:00 the next morning.
      const dueAt = new Date(2026, 2, 29, 9, 0).toISOString();
      expect(dueAt).toBe('2026-03-29T07:00:00.000Z');
      const tasks = [task('a', dueAt)];
      const setOn = new Date(2026, 2, 28, 9, 0);
      expect(setOn.toISOString()).toBe('2026-03-28T08:00:00.000Z');
      expect(nextReminders(tasks, none, setOn).nextWakeAt).toEqual(at('2026-03-29T07:00:00.000Z'));
      // 24 hours after it was set is 10:00 local: the reminder has come an hour before that.
      expect(nextReminders(tasks, none, new Date(2026, 2, 29, 8, 59, 59)).dueNow).toEqual([]);
      expect(nextReminders(tasks, none, new Date(2026, 2, 29, 9, 0)).dueNow).toHaveLength(1);
    });
  });

  it('a follow-up set for 9 across the autumn change (Cairo) reminds at 9 local time', () => {
    inTimeZone('Africa/Cairo', () => {
      // Egypt's summer time ends on the last Thursday of October (29 Oct 2026, midnight).
      // Set on the 28th (summer time, UTC+3) for 09:00 on the 30th (winter time, UTC+2).
      const setOn = new Date(2026, 9, 28, 9, 0);
      expect(setOn.toISOString()).toBe('2026-10-28T06:00:00.000Z');
      const dueAt = new Date(2026, 9, 30, 9, 0).toISOString();
      expect(dueAt).toBe('2026-10-30T07:00:00.000Z');
      const tasks = [task('a', dueAt)];
      // Exactly two days after setting it would be 08:00 local: too early.
      expect(nextReminders(tasks, none, new Date(setOn.getTime() + 48 * 3_600_000)).dueNow).toEqual([]);
      expect(nextReminders(tasks, none, new Date(2026, 9, 30, 8, 59)).dueNow).toEqual([]);
      expect(nextReminders(tasks, none, new Date(2026, 9, 30, 9, 0)).dueNow).toHaveLength(1);
    });
  });
});

describe('what a reminder says', () => {
  it('one follow-up: the lead and what to do, with the local clock time when due today', () => {
    inTimeZone('Africa/Cairo', () => {
      const notice = followUpNotice({ leadName: 'Mona Adel', title: 'Send the villa brochure', dueAt: '2026-03-01T07:30:00Z', count: 1 }, at('2026-03-01T08:00:00Z'), 'en-GB');
      expect(notice).toEqual({ title: 'Follow-up due: Mona Adel', body: 'Send the villa brochure · due 09:30' });
    });
  });

  it('several follow-ups: one count, naming the earliest with its date', () => {
    inTimeZone('Africa/Cairo', () => {
      const notice = followUpNotice({ leadName: 'منى عادل', title: 'اتصال', dueAt: '2026-02-27T07:30:00Z', count: 3 }, at('2026-03-01T08:00:00Z'), 'en-GB');
      expect(notice.title).toBe('3 follow-ups are due');
      expect(notice.body).toBe('Earliest: منى عادل: اتصال (27 Feb 2026, 09:30)');
    });
  });
});
