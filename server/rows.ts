import type { Selectable } from 'kysely';
import type { LeadEventKind } from '../shared/model';
import type { FieldWriter, FieldWriters, MergeRule } from '../shared/merge-rules';
import type { JsonValue } from '../shared/outbox';
import type { Phone } from '../shared/phone';
import type { ClosedOutcome, Stage } from '../shared/pipeline';
import type {
  ConflictRecord,
  ServerCallLog,
  ServerLead,
  ServerLeadEvent,
  ServerLeadNote,
  ServerTask,
} from '../shared/protocol';
import type {
  CallLogsTable,
  ConflictsTable,
  LeadEventsTable,
  LeadNotesTable,
  LeadsTable,
  TasksTable,
} from './db/schema';

export type LeadRow = Selectable<LeadsTable>;
export type TaskRow = Selectable<TasksTable>;

/** The column each synced lead field lives in. */
export const LEAD_FIELD_COLUMNS = {
  name: 'name',
  phones: 'phones',
  email: 'email',
  source: 'source',
  stage: 'stage',
  outcome: 'outcome',
  lostReason: 'lost_reason',
  budgetMin: 'budget_min',
  budgetMax: 'budget_max',
  propertyType: 'property_type',
  propertyArea: 'property_area',
  ownerId: 'owner_id',
  branchId: 'branch_id',
  notes: 'notes',
} as const satisfies Record<string, keyof LeadsTable>;

export const TASK_FIELD_COLUMNS = { title: 'title', dueAt: 'due_at', doneAt: 'done_at' } as const satisfies Record<string, keyof TasksTable>;

export function toServerLead(row: LeadRow): ServerLead {
  return {
    id: row.id,
    name: row.name,
    phones: JSON.parse(row.phones) as Phone[],
    email: row.email,
    source: row.source,
    stage: row.stage as Stage,
    outcome: row.outcome as ClosedOutcome | null,
    lostReason: row.lost_reason,
    budgetMin: row.budget_min,
    budgetMax: row.budget_max,
    propertyType: row.property_type,
    propertyArea: row.property_area,
    ownerId: row.owner_id,
    branchId: row.branch_id,
    notes: row.notes,
    stageEnteredAt: row.stage_entered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    deleted: row.deleted === 1,
    mergedInto: row.merged_into,
  };
}

/**
 * The wire form of a lead (`toServerLead`) built by the database itself, key for key in
 * the same order: a pull page of 5,000 leads is then read as 5,000 strings instead of
 * 5,000 row objects that are mapped and serialised again. `alias` names the leads table.
 * The columns are fixed names, never input.
 */
export function leadJsonSql(kind: 'sqlite' | 'postgres', alias: string): string {
  const c = (column: string) => `${alias}.${column}`;
  const synced = Object.entries(LEAD_FIELD_COLUMNS).map(([field, column]): [string, string] => [
    field,
    column !== 'phones' ? c(column) : kind === 'sqlite' ? `json(${c(column)})` : `${c(column)}::json`,
  ]);
  const fields: [string, string][] = [
    ['id', c('id')],
    ...synced,
    ['stageEnteredAt', c('stage_entered_at')],
    ['createdAt', c('created_at')],
    ['updatedAt', c('updated_at')],
    ['version', c('version')],
    ['deleted', kind === 'sqlite' ? `json(CASE WHEN ${c('deleted')} = 1 THEN 'true' ELSE 'false' END)` : `${c('deleted')} = 1`],
    ['mergedInto', c('merged_into')],
  ];
  const args = fields.map(([key, value]) => `'${key}', ${value}`).join(', ');
  // PostgreSQL's json (not jsonb) keeps key order; ::text stops the driver parsing it.
  return kind === 'sqlite' ? `json_object(${args})` : `json_build_object(${args})::text`;
}

/** The synced fields of a lead row as JSON values, for the merge rules. */
export function leadFieldValues(row: LeadRow): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  for (const [field, column] of Object.entries(LEAD_FIELD_COLUMNS)) {
    values[field] = column === 'phones' ? (JSON.parse(row.phones) as JsonValue) : (row[column] as JsonValue);
  }
  return values;
}

/** A lead row from a full set of field values (create, or a merge result) and its record columns. */
export function withLeadFields(row: Pick<LeadRow, 'id' | 'deleted' | 'merged_into' | 'version' | 'writers' | 'stage_entered_at' | 'created_at' | 'updated_at'>, v: Record<string, JsonValue>): LeadRow {
  // One object literal: every row has the same shape, which keeps 1000-row inserts cheap.
  return {
    id: row.id,
    name: v.name as string,
    phones: JSON.stringify(v.phones ?? []),
    email: (v.email ?? null) as string | null,
    source: (v.source ?? null) as string | null,
    stage: v.stage as string,
    outcome: (v.outcome ?? null) as string | null,
    lost_reason: (v.lostReason ?? null) as string | null,
    budget_min: (v.budgetMin ?? null) as number | null,
    budget_max: (v.budgetMax ?? null) as number | null,
    property_type: (v.propertyType ?? null) as string | null,
    property_area: (v.propertyArea ?? null) as string | null,
    owner_id: (v.ownerId ?? null) as string | null,
    branch_id: (v.branchId ?? null) as string | null,
    notes: (v.notes ?? '') as string,
    deleted: row.deleted,
    merged_into: row.merged_into,
    version: row.version,
    writers: row.writers,
    stage_entered_at: row.stage_entered_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function taskFieldValues(row: TaskRow): Record<string, JsonValue> {
  return { title: row.title, dueAt: row.due_at, doneAt: row.done_at };
}

export function toServerCallLog(row: Selectable<CallLogsTable>): ServerCallLog {
  return {
    id: row.id,
    leadId: row.lead_id,
    outcome: row.outcome,
    durationSeconds: row.duration_s,
    note: row.note,
    occurredAt: row.occurred_at,
    authorId: row.author_id,
    createdAt: row.created_at,
  };
}

export function toServerNote(row: Selectable<LeadNotesTable>): ServerLeadNote {
  return { id: row.id, leadId: row.lead_id, body: row.body, authorId: row.author_id, occurredAt: row.occurred_at, createdAt: row.created_at };
}

export function toServerTask(row: TaskRow): ServerTask {
  return {
    id: row.id,
    leadId: row.lead_id,
    title: row.title,
    dueAt: row.due_at,
    doneAt: row.done_at,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toServerEvent(row: Selectable<LeadEventsTable>): ServerLeadEvent {
  return {
    id: row.id,
    leadId: row.lead_id,
    kind: row.kind as LeadEventKind,
    fromStage: row.from_stage as Stage | null,
    toStage: row.to_stage as Stage | null,
    data: JSON.parse(row.data) as Record<string, JsonValue>,
    actorId: row.actor_id,
    at: row.at,
  };
}

export function toConflictRecord(row: Selectable<ConflictsTable>): ConflictRecord {
  return {
    id: row.id,
    entity: row.entity as 'lead' | 'task',
    entityId: row.entity_id,
    leadId: row.lead_id,
    field: row.field,
    yourValue: JSON.parse(row.your_value) as JsonValue,
    keptValue: JSON.parse(row.kept_value) as JsonValue,
    rule: row.rule as MergeRule,
    opId: row.op_id,
    at: row.created_at,
    keptBy: row.kept_by,
  };
}

/**
 * Who wrote each field, stored compactly: most fields of a record share one writer (its
 * creator, or the last full edit), so that pair is stored once under "*" and only the
 * exceptions are listed. Saves most of the column on 100K-lead tables.
 */
export function encodeWriters(writers: FieldWriters): string {
  const entries = Object.entries(writers);
  const counts = new Map<string, number>();
  let common: FieldWriter | undefined;
  let best = 0;
  for (const [, w] of entries) {
    const key = `${w.by}\u0000${w.version}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > best) [common, best] = [w, n];
  }
  const out: Record<string, [string | null, number]> = common ? { '*': [common.by, common.version] } : {};
  for (const [field, w] of entries) if (w.by !== common?.by || w.version !== common.version) out[field] = [w.by, w.version];
  return JSON.stringify(out);
}

export function decodeWriters(text: string, fields: readonly string[]): FieldWriters {
  const stored = JSON.parse(text) as Record<string, [string | null, number]>;
  const fallback = stored['*'];
  const writers: FieldWriters = {};
  for (const field of fields) {
    const pair = stored[field] ?? fallback;
    if (pair) writers[field] = { by: pair[0], version: pair[1] };
  }
  return writers;
}

export const LEAD_FIELDS = Object.keys(LEAD_FIELD_COLUMNS);
export const TASK_FIELDS = Object.keys(TASK_FIELD_COLUMNS);
