import type { Generated } from 'kysely';

/**
 * The server database, identical on SQLite and PostgreSQL: JSON as text, booleans as
 * 0/1, times as ISO-8601 text, so one Kysely code path serves both.
 */
export interface ServerDatabase {
  schema_migrations: { version: number; name: string; applied_at: string };
  server_meta: { key: string; value: string };
  users: UsersTable;
  clients: { client_id: string; user_id: string; first_seen_at: string };
  leads: LeadsTable;
  call_logs: CallLogsTable;
  lead_notes: LeadNotesTable;
  tasks: TasksTable;
  lead_events: LeadEventsTable;
  applied_ops: AppliedOpsTable;
  conflicts: ConflictsTable;
  changes: ChangesTable;
}

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  /** JSON array of branch ids; the first is the user's default branch. */
  branches: string;
  /** sha256 of the bearer token, hex. */
  token_hash: string;
  revoked: number;
  created_at: string;
}

export interface LeadsTable {
  id: string;
  name: string;
  phones: string;
  email: string | null;
  source: string | null;
  stage: string;
  outcome: string | null;
  lost_reason: string | null;
  budget_min: number | null;
  budget_max: number | null;
  property_type: string | null;
  property_area: string | null;
  owner_id: string | null;
  branch_id: string | null;
  notes: string;
  deleted: number;
  /** The survivor's id when this lead was merged away (it is then deleted too). */
  merged_into: string | null;
  version: number;
  /** JSON {field: {by, version}}: who wrote each stored value, so a later loser can be told. */
  writers: string;
  stage_entered_at: string;
  created_at: string;
  updated_at: string;
}

export interface CallLogsTable {
  id: string;
  lead_id: string;
  outcome: string;
  duration_s: number;
  note: string;
  occurred_at: string;
  author_id: string;
  created_at: string;
}

export interface LeadNotesTable {
  id: string;
  lead_id: string;
  body: string;
  author_id: string;
  occurred_at: string;
  created_at: string;
}

export interface TasksTable {
  id: string;
  lead_id: string;
  title: string;
  due_at: string;
  done_at: string | null;
  author_id: string;
  version: number;
  writers: string;
  created_at: string;
  updated_at: string;
}

export interface LeadEventsTable {
  id: string;
  lead_id: string;
  kind: string;
  from_stage: string | null;
  to_stage: string | null;
  data: string;
  actor_id: string;
  at: string;
}

export interface AppliedOpsTable {
  op_id: string;
  user_id: string;
  entity: string;
  entity_id: string;
  status: string;
  version: number;
  applied_at: string;
}

export interface ConflictsTable {
  id: string;
  user_id: string;
  lead_id: string;
  entity: string;
  entity_id: string;
  field: string;
  your_value: string;
  kept_value: string;
  rule: string;
  op_id: string;
  created_at: string;
  /** The user whose op replaced the value; null on rows from before it was recorded. */
  kept_by: string | null;
}

/** The pull feed: one row per change, in commit order. */
export interface ChangesTable {
  position: Generated<number>;
  /** Readers in this branch see it; null for a change addressed to one user. */
  branch_id: string | null;
  user_id: string | null;
  kind: string;
  entity_id: string;
  lead_id: string;
}
