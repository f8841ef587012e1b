import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';
import type { ColumnMapping } from './columns';

export type ImportItemKind = 'created' | 'flagged' | 'updated';

export interface ImportItem {
  leadId: string;
  kind: ImportItemKind;
  previous: Record<string, unknown> | null;
  written: Record<string, unknown> | null;
}

/**
 * The import tables (migration 0006): remembered column mappings, one row per import
 * and one per lead it touched. Item rows are written in the same transaction as the
 * leads they describe, so an interrupted import can still be undone.
 */
export class ImportLog {
  constructor(private readonly store: SqlStore<ClientDatabase>) {}

  rememberedMapping(key: string): ColumnMapping | null {
    const row = this.store.first(this.store.q.selectFrom('import_mappings').select('mapping').where('header_key', '=', key));
    return row ? (JSON.parse(row.mapping) as ColumnMapping) : null;
  }

  rememberMapping(key: string, mapping: ColumnMapping, at: string): void {
    const { store } = this;
    const values = { header_key: key, mapping: JSON.stringify(mapping), updated_at: at };
    store.run(
      store.q
        .insertInto('import_mappings')
        .values(values)
        .onConflict((oc) => oc.column('header_key').doUpdateSet({ mapping: values.mapping, updated_at: at })),
    );
  }

  start(id: string, file: string, at: string): void {
    this.store.run(this.store.q.insertInto('imports').values({ id, file, started_at: at }));
  }

  finish(id: string, summary: object, at: string): void {
    this.store.run(this.store.q.updateTable('imports').set({ finished_at: at, summary: JSON.stringify(summary) }).where('id', '=', id));
  }

  /** Call inside the transaction that wrote the leads. */
  addItems(importId: string, items: readonly ImportItem[]): void {
    if (items.length === 0) return;
    const insert = this.store.preparedInsert('import_items', ['import_id', 'lead_id', 'kind', 'previous', 'written']);
    for (const item of items) {
      insert({
        import_id: importId,
        lead_id: item.leadId,
        kind: item.kind,
        previous: item.previous ? JSON.stringify(item.previous) : null,
        written: item.written ? JSON.stringify(item.written) : null,
      });
    }
  }

  get(id: string) {
    return this.store.first(this.store.q.selectFrom('imports').selectAll().where('id', '=', id));
  }

  /** Newest first, as an undo walks them. */
  itemsNewestFirst(importId: string): ImportItem[] {
    const rows = this.store.all(
      this.store.q.selectFrom('import_items').selectAll().where('import_id', '=', importId).orderBy('seq', 'desc'),
    );
    return rows.map((row) => ({
      leadId: row.lead_id,
      kind: row.kind as ImportItemKind,
      previous: row.previous ? (JSON.parse(row.previous) as Record<string, unknown>) : null,
      written: row.written ? (JSON.parse(row.written) as Record<string, unknown>) : null,
    }));
  }

  markUndone(id: string, at: string): void {
    this.store.run(this.store.q.updateTable('imports').set({ undone_at: at }).where('id', '=', id));
  }
}
