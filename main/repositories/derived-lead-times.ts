import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';

/**
 * A lead's last contact and next follow-up are derived: the latest call and the
 * earliest open task, wherever they came from (this device or a pull). Recomputed in
 * the caller's transaction whenever either changes.
 */
export function refreshLeadTimes(store: SqlStore<ClientDatabase>, leadId: string): void {
  const last = store.first(
    store.q.selectFrom('call_logs').select((e) => e.fn.max<string | null>('occurred_at').as('at')).where('lead_id', '=', leadId),
  );
  const next = store.first(
    store.q
      .selectFrom('tasks')
      .select((e) => e.fn.min<string | null>('due_at').as('at'))
      .where('lead_id', '=', leadId)
      .where('done_at', 'is', null),
  );
  store.run(
    store.q
      .updateTable('leads')
      .set({ last_contacted_at: last?.at ?? null, next_follow_up_at: next?.at ?? null })
      .where('id', '=', leadId),
  );
}
