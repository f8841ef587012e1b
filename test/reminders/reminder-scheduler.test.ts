import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { ReminderLog } from '../../main/reminders/reminder-log';
import { FIRST_LOOK_MS, ReminderScheduler, type FollowUpReminder } from '../../main/reminders/reminder-scheduler';
import { draft } from '../sync/support';
import { steppingClock, tempCore, tempDir } from '../support/temp';
import { manualTimers } from './support';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const minutes = (n: number) => n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A user's data folder at 09:00, with a clock and timers the test moves. */
function office(dataDir = tempDir()) {
  const clock = steppingClock(T0);
  const core = tempCore({ dataDir, now: clock });
  return { core, clock, dataDir };
}

/** Starts reminders on a core the way the workspace does, collecting what would be shown. */
function remind(core: Core, clock: ReturnType<typeof steppingClock>, startMs: number) {
  const shown: FollowUpReminder[] = [];
  const time = manualTimers(clock, startMs);
  const scheduler = new ReminderScheduler({ source: new ReminderLog(core.store), notifier: { show: (r) => shown.push(r) }, now: clock, timers: time.timers });
  const off = core.events.on('leadsChanged', () => scheduler.tasksChanged());
  scheduler.start();
  return {
    shown,
    advanceTo: time.advanceTo,
    stop: () => {
      scheduler.stop();
      off();
    },
  };
}

let phones = 0;
function followUp(core: Core, leadName: string, title: string, dueMs: number) {
  const lead = core.leads.create(draft(leadName, `0101${String(++phones).padStart(7, '0')}`));
  const task = core.activity.createTask({ leadId: lead.id, title, dueAt: iso(dueMs) });
  return { lead, task };
}

describe('follow-up reminders on this computer', () => {
  it('a follow-up coming due while the app runs reminds once, at its time, naming the lead', () => {
    const { core, clock } = office();
    const { lead } = followUp(core, 'Mona Adel', 'Send the villa brochure', T0 + minutes(30));
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(30) - 1_000);
    expect(run.shown).toEqual([]);
    run.advanceTo(T0 + minutes(31));
    expect(run.shown).toEqual([{ leadId: lead.id, leadName: 'Mona Adel', title: 'Send the villa brochure', dueAt: iso(T0 + minutes(30)), count: 1 }]);
    run.advanceTo(T0 + minutes(24 * 60));
    expect(run.shown).toHaveLength(1);
  });

  it('follow-ups missed while the app was closed arrive as one reminder at start, not one each', () => {
    const { core, clock } = office();
    const first = followUp(core, 'Hany', 'Call back', T0 - minutes(60));
    followUp(core, 'Sara', 'Viewing', T0 - minutes(40));
    followUp(core, 'Omar', 'Send contract', T0 - minutes(20));
    followUp(core, 'Laila', 'Later today', T0 + minutes(120));
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + FIRST_LOOK_MS);
    expect(run.shown).toEqual([{ leadId: first.lead.id, leadName: 'Hany', title: 'Call back', dueAt: iso(T0 - minutes(60)), count: 3 }]);
    run.advanceTo(T0 + minutes(121));
    expect(run.shown.map((r) => [r.leadName, r.count])).toEqual([
      ['Hany', 3],
      ['Laila', 1],
    ]);
  });

  it('moving a follow-up it already reminded about to a later time reminds again at the new time', () => {
    const { core, clock } = office();
    const { task } = followUp(core, 'Mona Adel', 'Call back', T0 + minutes(10));
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(11));
    expect(run.shown).toHaveLength(1);
    core.activity.rescheduleTask(task.id, iso(T0 + minutes(60)));
    run.advanceTo(T0 + minutes(59));
    expect(run.shown).toHaveLength(1);
    run.advanceTo(T0 + minutes(61));
    expect(run.shown.map((r) => r.dueAt)).toEqual([iso(T0 + minutes(10)), iso(T0 + minutes(60))]);
  });

  it('moving a follow-up earlier while the app runs reminds at the earlier time', () => {
    const { core, clock } = office();
    const { task } = followUp(core, 'Mona Adel', 'Call back', T0 + minutes(120));
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(1));
    core.activity.rescheduleTask(task.id, iso(T0 + minutes(5)));
    run.advanceTo(T0 + minutes(6));
    expect(run.shown.map((r) => r.dueAt)).toEqual([iso(T0 + minutes(5))]);
  });

  it('a follow-up completed before its time never reminds', () => {
    const { core, clock } = office();
    const { task } = followUp(core, 'Mona Adel', 'Call back', T0 + minutes(10));
    const overdue = followUp(core, 'Hany', 'Done already', T0 - minutes(10));
    core.activity.completeTask(overdue.task.id);
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(5));
    core.activity.completeTask(task.id);
    run.advanceTo(T0 + minutes(24 * 60));
    expect(run.shown).toEqual([]);
  });

  it('a follow-up on a deleted lead never reminds', () => {
    const { core, clock } = office();
    const { lead } = followUp(core, 'Mona Adel', 'Call back', T0 - minutes(10));
    core.leads.delete(lead.id);
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(60));
    expect(run.shown).toEqual([]);
  });

  it('a restart does not remind again about what it already reminded about', () => {
    const { core, clock, dataDir } = office();
    followUp(core, 'Mona Adel', 'Call back', T0 - minutes(10));
    const first = remind(core, clock, T0);
    first.advanceTo(T0 + minutes(1));
    expect(first.shown).toHaveLength(1);
    first.stop();
    core.close();

    const clockAgain = steppingClock(T0 + minutes(120));
    const reopened = tempCore({ dataDir, now: clockAgain });
    followUp(reopened, 'Sara', 'Due while closed', T0 + minutes(60));
    const second = remind(reopened, clockAgain, T0 + minutes(120));
    second.advanceTo(T0 + minutes(180));
    expect(second.shown.map((r) => [r.leadName, r.count])).toEqual([['Sara', 1]]);
  });

  it('reminds about the user\'s own follow-ups, not every colleague\'s in the branch', () => {
    const { core, clock } = office();
    core.sync.bind('http://127.0.0.1:1', 'me');
    const mine = followUp(core, 'Mona Adel', 'Mine', T0 - minutes(5));
    const theirs = followUp(core, 'Hany', 'Theirs', T0 - minutes(5));
    // A colleague's lead and follow-up, as a pull would leave them.
    core.store.run(core.store.q.updateTable('leads').set({ owner_id: 'colleague' }).where('id', '=', theirs.lead.id));
    core.store.run(core.store.q.updateTable('tasks').set({ author_id: 'colleague' }).where('id', '=', theirs.task.id));
    core.store.run(core.store.q.updateTable('leads').set({ owner_id: 'me' }).where('id', '=', mine.lead.id));
    const run = remind(core, clock, T0);
    run.advanceTo(T0 + minutes(1));
    expect(run.shown.map((r) => [r.leadName, r.count])).toEqual([['Mona Adel', 1]]);
  });
});
