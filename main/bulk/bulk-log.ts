import type { BulkAction, BulkOutcome, LastBulkAction } from '../../shared/contract';
import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';

/** What a bulk action did to one lead, as its undo needs it. */
export type BulkItemKind = 'moved' | 'assigned' | 'followUp' | 'deleted';

export interface BulkItem {
  leadId: string;
  kind: BulkItemKind;
  /** The lead's values before the action (stage group, owner); null when there was nothing before. */
  previous: Record<string, unknown> | null;
  /** What the action wrote (for a follow-up: `taskId`, `title`, `dueAt`). */
  written: Record<string, unknown> | null;
}

/**
 * The bulk action tables (migration 0009): one row per action and one per lead it
 * changed. Item rows are written in the same transaction as the changes they describe,
 * so an action cut short (a crash mid-way) can still be undone for what it did.
 */
export class BulkLog {
  constructor(private readonly store: SqlStore<ClientDatabase>) {}

  start(id: string, action: object, total: number, at: string): void {
    this.store.run(this.store.q.insertInto('bulk_actions').values({ id, action: JSON.stringify(action), total, started_at: at }));
  }

  finish(id: string, summary: BulkOutcome, at: string): void {
    this.store.run(this.store.q.updateTable('bulk_actions').set({ finished_at: at, summary: JSON.stringify(summary) }).where('id', '=', id));
  }

  /** Call inside the transaction that made the changes. */
  addItems(bulkId: string, items: readonly BulkItem[]): void {
    if (items.length === 0) return;
    const insert = this.store.preparedInsert('bulk_items', ['bulk_id', 'lead_id', 'kind', 'previous', 'written']);
    for (const item of items) {
      insert({
        bulk_id: bulkId,
        lead_id: item.leadId,
        kind: item.kind,
        previous: item.previous ? JSON.stringify(item.previous) : null,
        written: item.written ? JSON.stringify(item.written) : null,
      });
    }
  }

  get(id: string) {
    return this.store.first(this.store.q.selectFrom('bulk_actions').selectAll().where('id', '=', id));
  }

  /** Newest first, as an undo walks them. */
  itemsNewestFirst(bulkId: string): BulkItem[] {
    const rows = this.store.all(this.store.q.selectFrom('bulk_items').selectAll().where('bulk_id', '=', bulkId).orderBy('seq', 'desc'));
    return rows.map((row) => ({
      leadId: row.lead_id,
      kind: row.kind as BulkItemKind,
      previous: row.previous ? (JSON.parse(row.previous) as Record<string, unknown>) : null,
      written: row.written ? (JSON.parse(row.written) as Record<string, unknown>) : null,
    }));
  }

  /** The newest finished action not undone yet: the one the bulk bar offers to undo. */
  lastUndoable(): LastBulkAction | null {
    const row = this.store.first(
      this.store.q
        .selectFrom('bulk_actions')
        .select(['action', 'summary'])
        .where('finished_at', 'is not', null)
        .where('undone_at', 'is', null)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    );
    if (!row?.summary) return null;
    return { action: JSON.parse(row.action) as BulkAction, outcome: JSON.parse(row.summary) as BulkOutcome };
  }

  markUndone(id: string, at: string): void {
    this.store.run(this.store.q.updateTable('bulk_actions').set({ undone_at: at }).where('id', '=', id));
  }
}
