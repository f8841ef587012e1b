import type { Generated } from 'kysely';

/**
 * The client store's schema as Kysely sees it. Column names are snake_case;
 * repositories map rows to the camelCase records of `shared/model.ts`.
 * Timestamps are ISO-8601 UTC text (sorts correctly as text); booleans are 0/1.
 */
export interface LeadsTable {
  /** Integer rowid: the FTS index and keyset tie-breaks use it. */
  seq: Generated<number>;
  id: string;
  name: string;
  /** JSON array of `{raw, e164}`. */
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
  next_follow_up_at: string | null;
  last_contacted_at: string | null;
  stage_entered_at: string;
  created_at: string;
  updated_at: string;
  server_version: number | null;
  deleted: number;
  /** The survivor's id when this lead was merged away (it is then deleted too). */
  merged_into: string | null;
  /** JSON of the server's copy as last seen (synced fields, version, deleted); null until then. */
  server_row: string | null;
  /** `nameKey(name)` and its `nameSkeleton` (shared/duplicates.ts); null when the name has no letters. */
  name_key: string | null;
  name_skeleton: string | null;
}

export interface CallLogsTable {
  id: string;
  lead_id: string;
  outcome: string;
  duration_s: number;
  note: string;
  occurred_at: string;
  author_id: string | null;
  created_at: string;
}

export interface LeadNotesTable {
  id: string;
  lead_id: string;
  body: string;
  author_id: string | null;
  occurred_at: string;
}

export interface TasksTable {
  id: string;
  lead_id: string;
  title: string;
  due_at: string;
  done_at: string | null;
  author_id: string | null;
  created_at: string;
  updated_at: string;
  server_version: number | null;
  server_row: string | null;
}

export interface LeadEventsTable {
  /** The op id of the write that caused it, so the server's copy of the event has the same id. */
  id: string;
  lead_id: string;
  kind: string;
  from_stage: string | null;
  to_stage: string | null;
  /** JSON object. */
  data: string;
  actor_id: string | null;
  at: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  op_id: string;
  entity: string;
  entity_id: string;
  lead_id: string;
  type: string;
  /** JSON: `{values}` for create, `{changes}` for update, `{}` otherwise. */
  payload: string;
  base_version: number | null;
  payload_version: number;
  created_at: string;
  /** Set when a drain first sends the op; a sent op is never compacted again. */
  sent_at: string | null;
  /** Set when the server rejected the op: it waits for the user (retry, edit, discard). */
  parked_at: string | null;
  parked_code: string | null;
  parked_message: string | null;
}

export interface SyncStateTable {
  /** Always 1: a single row. */
  id: number;
  client_id: string;
  server_url: string | null;
  user_id: string | null;
  cursor: string | null;
  token_ref: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  next_retry_at: string | null;
  blocked: string | null;
  server_time_offset_ms: number | null;
  user_name: string | null;
  user_role: string | null;
  /** JSON array of branch ids. */
  user_branches: string | null;
}

export interface ColleaguesTable {
  id: string;
  name: string;
  role: string;
  /** JSON array of branch ids. */
  branches: string;
}

export interface SavedViewsTable {
  id: string;
  name: string;
  /** JSON of the view's filters and sort. */
  query: string;
  created_at: string;
}

export interface SyncLeaseTable {
  id: number;
  holder: string;
  pid: number;
  acquired_at: string;
  heartbeat_at: string;
}

export interface ConflictsTable {
  id: Generated<number>;
  op_id: string;
  lead_id: string;
  field: string;
  /** JSON. */
  my_value: string;
  /** JSON. */
  kept_value: string;
  rule: string;
  /** Who wrote the value that was kept. */
  kept_by: string | null;
  at: string;
  restored_at: string | null;
  entity: Generated<string>;
  entity_id: string | null;
}

/** A follow-up this computer reminded about, and the due time it reminded for. */
export interface RemindersSentTable {
  task_id: string;
  due_at: string;
  sent_at: string;
}

/** The column mapping last used for one set of CSV headers. */
export interface ImportMappingsTable {
  /** The file's headers, normalised, joined by U+001F. */
  header_key: string;
  /** JSON object: header → field (null: not imported). */
  mapping: string;
  updated_at: string;
}

export interface ImportsTable {
  id: string;
  file: string;
  started_at: string;
  finished_at: string | null;
  /** JSON of the counts printed at the end. */
  summary: string | null;
  undone_at: string | null;
}

/** One lead an import created (`created`, `flagged`) or changed (`updated`). */
export interface ImportItemsTable {
  seq: Generated<number>;
  import_id: string;
  lead_id: string;
  kind: string;
  /** JSON object field → value before the import (updates only). */
  previous: string | null;
  /** JSON object field → value the import wrote (updates only). */
  written: string | null;
}

/** One bulk action: the action as requested (JSON), how many leads it aimed at, and its summary once finished. */
export interface BulkActionsTable {
  id: string;
  action: string;
  total: number;
  started_at: string;
  finished_at: string | null;
  /** JSON of the outcome answered to the user. */
  summary: string | null;
  undone_at: string | null;
}

/** One lead a bulk action changed: `moved`, `assigned`, `followUp` or `deleted`. */
export interface BulkItemsTable {
  seq: Generated<number>;
  bulk_id: string;
  lead_id: string;
  kind: string;
  /** JSON object field → value before the action (null when there was nothing before: a new follow-up, a delete). */
  previous: string | null;
  /** JSON object field → value the action wrote (for a follow-up: its task id, title and due time). */
  written: string | null;
}

/** A pair of leads a user said are not one person: the possible-duplicates list leaves it out. Local only. */
export interface DuplicateDismissalsTable {
  /** The two lead ids, the smaller first. */
  lead_a: string;
  lead_b: string;
  dismissed_at: string;
}

export type ResyncEntity = 'lead' | 'call_log' | 'lead_note' | 'task' | 'lead_event';

/** A secondary index dropped for a bulk load, and the statement that builds it again. */
export interface IndexesSetAsideTable {
  name: string;
  definition: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface ClientDatabase {
  leads: LeadsTable;
  call_logs: CallLogsTable;
  lead_notes: LeadNotesTable;
  tasks: TasksTable;
  lead_events: LeadEventsTable;
  outbox: OutboxTable;
  sync_state: SyncStateTable;
  conflicts: ConflictsTable;
  sync_lease: SyncLeaseTable;
  colleagues: ColleaguesTable;
  made_offline: { id: string };
  saved_views: SavedViewsTable;
  reminders_sent: RemindersSentTable;
  import_mappings: ImportMappingsTable;
  imports: ImportsTable;
  import_items: ImportItemsTable;
  bulk_actions: BulkActionsTable;
  bulk_items: BulkItemsTable;
  duplicate_dismissals: DuplicateDismissalsTable;
  indexes_set_aside: IndexesSetAsideTable;
  /** Ids a resync has not seen the server send again yet (migration 12). */
  resync_unseen: { entity: ResyncEntity; id: string };
  schema_migrations: SchemaMigrationsTable;
}
