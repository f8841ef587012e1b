import type { Migration } from './migration';

/**
 * What the sync engine keeps: parked ops, the last server copy of each record (to
 * put a record back when a parked op is discarded, and to predict merges), the sync
 * lease, and the status a separate process (`crm status`) can read.
 */
export const sync: Migration = {
  version: 2,
  name: 'sync',
  up({ exec }) {
    exec(`ALTER TABLE outbox ADD COLUMN parked_at TEXT`);
    exec(`ALTER TABLE outbox ADD COLUMN parked_code TEXT`);
    exec(`ALTER TABLE outbox ADD COLUMN parked_message TEXT`);
    // nextBatch asks "which leads have a parked op?" before every push.
    exec(`CREATE INDEX outbox_parked_leads ON outbox (lead_id) WHERE parked_at IS NOT NULL`);
    // JSON of the server's record as last pulled or confirmed; null until then.
    exec(`ALTER TABLE leads ADD COLUMN server_row TEXT`);
    exec(`ALTER TABLE tasks ADD COLUMN server_version INTEGER`);
    exec(`ALTER TABLE tasks ADD COLUMN server_row TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN token_ref TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN last_success_at TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN last_error TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN last_error_at TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN next_retry_at TEXT`);
    // 'signed_out' or 'update_required' while sync cannot go on by itself.
    exec(`ALTER TABLE sync_state ADD COLUMN blocked TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN server_time_offset_ms INTEGER`);
    exec(`ALTER TABLE conflicts ADD COLUMN entity TEXT NOT NULL DEFAULT 'lead'`);
    exec(`ALTER TABLE conflicts ADD COLUMN entity_id TEXT`);
    // One drain at a time across every process on this data folder.
    exec(`CREATE TABLE sync_lease (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      holder TEXT NOT NULL,
      pid INTEGER NOT NULL,
      acquired_at TEXT NOT NULL,
      heartbeat_at TEXT NOT NULL)`);
  },
  down({ exec }) {
    exec(`DROP TABLE sync_lease`);
  },
};
