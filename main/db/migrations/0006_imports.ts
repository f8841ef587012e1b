import type { Migration } from './migration';

/**
 * CSV imports: the column mapping last used for each set of headers, and per import
 * which leads it created, flagged or updated (with the fields' previous values and the
 * values written), so an import can be undone as new local edits. Local only.
 */
export const imports: Migration = {
  version: 6,
  name: 'imports',
  up({ exec }) {
    exec(`CREATE TABLE import_mappings (header_key TEXT PRIMARY KEY, mapping TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID`);
    exec(`CREATE TABLE imports (
      id TEXT PRIMARY KEY,
      file TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      summary TEXT,
      undone_at TEXT
    ) WITHOUT ROWID`);
    exec(`CREATE TABLE import_items (
      seq INTEGER PRIMARY KEY,
      import_id TEXT NOT NULL,
      lead_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      previous TEXT,
      written TEXT
    )`);
    exec(`CREATE INDEX import_items_by_import ON import_items (import_id, seq)`);
  },
  down({ exec }) {
    exec(`DROP TABLE import_items`);
    exec(`DROP TABLE imports`);
    exec(`DROP TABLE import_mappings`);
  },
};
