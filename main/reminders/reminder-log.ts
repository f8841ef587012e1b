import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import type { ReminderTask } from './planner';

/** What the reminder scheduler reads and writes: open follow-ups and what was reminded. */
export interface ReminderSource {
  /**
   * The signed-in user's open follow-ups that are due by `now`, plus the next one due
   * after it, with the due time each was last reminded for.
   */
  candidates(now: Date): { tasks: ReminderTask[]; reminded: Map<string, string> };
  /** Records the reminders just shown, so neither a re-plan nor a restart repeats them. */
  markReminded(tasks: readonly ReminderTask[], at: Date): void;
}

/**
 * The reminder bookkeeping in the user's own database (`reminders_sent`). Reminds about
 * follow-ups on live leads that are this user's: leads they own or follow-ups they set
 * (all of them until the server has said who the user is).
 */
export class ReminderLog implements ReminderSource {
  constructor(private readonly store: SqlStore<ClientDatabase>) {}

  candidates(now: Date): { tasks: ReminderTask[]; reminded: Map<string, string> } {
    const { store } = this;
    const me = store.first(store.q.selectFrom('sync_state').select('user_id').where('id', '=', 1))?.user_id ?? null;
    const nowIso = now.toISOString();
    const open = store.q
      .selectFrom('tasks as t')
      .innerJoin('leads as l', 'l.id', 't.lead_id')
      .leftJoin('reminders_sent as r', 'r.task_id', 't.id')
      .select(['t.id', 't.lead_id', 't.title', 't.due_at', 'l.name', 'r.due_at as reminded_due_at'])
      .where('t.done_at', 'is', null)
      .where('l.deleted', '=', 0)
      .$if(me !== null, (q) =>
        q.where((e) =>
          e.or([e('l.owner_id', 'is', null), e('l.owner_id', '=', me), e('t.author_id', 'is', null), e('t.author_id', '=', me)]),
        ),
      );
    const rows = [
      ...store.all(open.where('t.due_at', '<=', nowIso)),
      ...store.all(open.where('t.due_at', '>', nowIso).orderBy('t.due_at').limit(1)),
    ];
    const reminded = new Map<string, string>();
    for (const row of rows) if (row.reminded_due_at) reminded.set(row.id, row.reminded_due_at);
    const tasks = rows.map((row) => ({ id: row.id, leadId: row.lead_id, leadName: row.name, title: row.title, dueAt: row.due_at }));
    return { tasks, reminded };
  }

  markReminded(tasks: readonly ReminderTask[], at: Date): void {
    const { store } = this;
    const sample = store.q
      .insertInto('reminders_sent')
      .values({ task_id: '', due_at: '', sent_at: '' })
      .onConflict((oc) => oc.column('task_id').doUpdateSet((e) => ({ due_at: e.ref('excluded.due_at'), sent_at: e.ref('excluded.sent_at') })));
    const upsert = store.prepared(sample);
    const sentAt = at.toISOString();
    store.transaction(() => {
      for (const task of tasks) upsert.run(task.id, task.dueAt, sentAt);
      // Completed or vanished follow-ups need no memory: they never remind again.
      store.run(
        store.q
          .deleteFrom('reminders_sent')
          .where('task_id', 'not in', store.q.selectFrom('tasks').select('id').where('done_at', 'is', null)),
      );
    });
  }
}
