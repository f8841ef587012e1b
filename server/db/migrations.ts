/**
 * Schema steps, one list per store. Each step runs once, inside one transaction with
 * its `schema_migrations` row. Append new steps; never edit a shipped one.
 */
export interface ServerMigration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

/** Tables whose DDL is the same text on both stores. */
const common = (position: string, bigint: string, small: string): string[] => [
  `CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, branches TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
  `CREATE TABLE clients (client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), first_seen_at TEXT NOT NULL)`,
  `CREATE TABLE leads (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, phones TEXT NOT NULL, email TEXT, source TEXT,
    stage TEXT NOT NULL, outcome TEXT, lost_reason TEXT, budget_min ${bigint}, budget_max ${bigint},
    property_type TEXT, property_area TEXT, owner_id TEXT, branch_id TEXT, notes TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL, writers TEXT NOT NULL,
    stage_entered_at TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX leads_branch ON leads (branch_id)`,
  `CREATE TABLE call_logs (
    id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, outcome TEXT NOT NULL, duration_s INTEGER NOT NULL,
    note TEXT NOT NULL, occurred_at TEXT NOT NULL, author_id TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE INDEX call_logs_lead ON call_logs (lead_id)`,
  `CREATE TABLE lead_notes (
    id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, body TEXT NOT NULL, author_id TEXT NOT NULL,
    occurred_at TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE INDEX lead_notes_lead ON lead_notes (lead_id)`,
  `CREATE TABLE tasks (
    id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, title TEXT NOT NULL, due_at TEXT NOT NULL, done_at TEXT,
    author_id TEXT NOT NULL, version INTEGER NOT NULL, writers TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX tasks_lead ON tasks (lead_id)`,
  `CREATE TABLE lead_events (
    id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, kind TEXT NOT NULL, from_stage TEXT, to_stage TEXT,
    data TEXT NOT NULL, actor_id TEXT NOT NULL, at TEXT NOT NULL)${small}`,
  `CREATE INDEX lead_events_lead ON lead_events (lead_id)`,
  `CREATE TABLE applied_ops (
    op_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    status TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL)${small}`,
  `CREATE INDEX applied_ops_age ON applied_ops (applied_at)`,
  `CREATE TABLE conflicts (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, lead_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    field TEXT NOT NULL, your_value TEXT NOT NULL, kept_value TEXT NOT NULL, rule TEXT NOT NULL,
    op_id TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE changes (
    position ${position}, branch_id TEXT, user_id TEXT, kind TEXT NOT NULL, entity_id TEXT NOT NULL, lead_id TEXT NOT NULL)`,
  `CREATE INDEX changes_branch ON changes (branch_id, position)`,
  `CREATE INDEX changes_user ON changes (user_id, position) WHERE user_id IS NOT NULL`,
];

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    // SQLite: small rows keyed by a text id are stored in their primary-key B-tree
    // (WITHOUT ROWID), one B-tree insert fewer per applied op and per timeline event.
    sqlite: common('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER', ' WITHOUT ROWID'),
    postgres: common('BIGSERIAL PRIMARY KEY', 'BIGINT', ''),
  },
  {
    version: 2,
    name: 'who kept the value of a conflict',
    // The loser's inbox says by whom their value was replaced; older rows stay unknown.
    sqlite: [`ALTER TABLE conflicts ADD COLUMN kept_by TEXT`],
    postgres: [`ALTER TABLE conflicts ADD COLUMN kept_by TEXT`],
  },
  {
    version: 3,
    name: 'merged leads',
    // A merged-away lead stays as a tombstone naming its survivor: late ops are sent there.
    sqlite: [`ALTER TABLE leads ADD COLUMN merged_into TEXT`],
    postgres: [`ALTER TABLE leads ADD COLUMN merged_into TEXT`],
  },
];
