import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';

/** A lead's history: what a merge moves to the lead that stays. */
export const HISTORY_TABLES = ['call_logs', 'lead_notes', 'tasks', 'lead_events'] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** Gives `fromLeadId`'s calls, notes, follow-ups and events to `toLeadId`; returns the moved ids, by table. */
export function moveLeadHistory(store: SqlStore<ClientDatabase>, fromLeadId: string, toLeadId: string): Record<HistoryTable, string[]> {
  const moved = {} as Record<HistoryTable, string[]>;
  for (const table of HISTORY_TABLES) {
    moved[table] = store.all(store.q.selectFrom(table).select('id').where('lead_id', '=', fromLeadId)).map((r) => r.id);
    store.run(store.q.updateTable(table).set({ lead_id: toLeadId }).where('lead_id', '=', fromLeadId));
  }
  return moved;
}
