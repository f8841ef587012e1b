import type { Migration } from './migration';

/**
 * Bulk actions: one row per action (what it did, to how many leads) and one per lead it
 * changed, with what the lead held before and what the action wrote, so `bulk.undo` can
 * put back exactly what nobody changed since. Local only (the undo syncs as new edits).
 * Version 9 is reserved for this step; 7 and 8 belong to the merge and duplicates work.
 */
export const bulkActions: Migration = {
  version: 9,
  name: 'bulk actions',
  up({ exec }) {
    exec(`CREATE TABLE bulk_actions (
      id TEXT PRIMARY KEY,
      action TEXT NOT NULL,
      total INTEGER NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      summary TEXT,
      undone_at TEXT
    ) WITHOUT ROWID`);
    exec(`CREATE TABLE bulk_items (
      seq INTEGER PRIMARY KEY,
      bulk_id TEXT NOT NULL,
      lead_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      previous TEXT,
      written TEXT
    )`);
    exec(`CREATE INDEX bulk_items_by_bulk ON bulk_items (bulk_id, seq)`);
  },
  down({ exec }) {
    exec(`DROP TABLE bulk_items`);
    exec(`DROP TABLE bulk_actions`);
  },
};
