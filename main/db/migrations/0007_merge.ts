import type { Migration } from './migration';

/** The outbox as 0001 and 0002 left it, with the op types it may hold. */
function outboxTable(name: string, types: readonly string[]): string {
  return `CREATE TABLE ${name} (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      op_id TEXT NOT NULL UNIQUE,
      entity TEXT NOT NULL CHECK (entity IN ('lead','call_log','lead_note','task')),
      entity_id TEXT NOT NULL,
      lead_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN (${types.map((t) => `'${t}'`).join(',')})),
      payload TEXT NOT NULL,
      base_version INTEGER,
      payload_version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      parked_at TEXT,
      parked_code TEXT,
      parked_message TEXT
    )`;
}

const COLUMNS = 'seq, op_id, entity, entity_id, lead_id, type, payload, base_version, payload_version, created_at, sent_at, parked_at, parked_code, parked_message';

/**
 * SQLite cannot change a CHECK constraint in place, so the outbox is rebuilt (rows,
 * indexes and its AUTOINCREMENT high-water mark kept: a sequence number is never reused).
 */
function rebuildOutbox(exec: (sql: string) => void, types: readonly string[]): void {
  exec(`ALTER TABLE outbox RENAME TO outbox_before`);
  exec(outboxTable('outbox', types));
  exec(`INSERT INTO outbox (${COLUMNS}) SELECT ${COLUMNS} FROM outbox_before ORDER BY seq`);
  exec(`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
  exec(`INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', seq FROM sqlite_sequence WHERE name = 'outbox_before'`);
  exec(`DROP TABLE outbox_before`);
  exec(`CREATE INDEX outbox_by_lead ON outbox (lead_id, seq)`);
  exec(`CREATE INDEX outbox_parked_leads ON outbox (lead_id) WHERE parked_at IS NOT NULL`);
}

/**
 * Merging duplicates: a lead merged away keeps its row as a tombstone that names the
 * survivor (links, late edits and restores are sent there), and the outbox learns the
 * `merge` op.
 */
export const merge: Migration = {
  version: 7,
  name: 'merged leads',
  up({ exec }) {
    exec(`ALTER TABLE leads ADD COLUMN merged_into TEXT`);
    rebuildOutbox(exec, ['create', 'update', 'delete', 'restore', 'merge']);
    // A queued merge concerns two leads: this finds it from the lead it merges away.
    exec(`CREATE INDEX outbox_merges ON outbox (json_extract(payload, '$.values.mergedId')) WHERE type = 'merge'`);
  },
  down({ exec }) {
    // Fails (and so changes nothing) while a merge op still waits to be sent.
    rebuildOutbox(exec, ['create', 'update', 'delete', 'restore']);
    exec(`ALTER TABLE leads DROP COLUMN merged_into`);
  },
};
