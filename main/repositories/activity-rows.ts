import type { CallLog, LeadEvent, LeadEventKind, LeadNote, Task } from '../../shared/model';
import type { CallOutcome, Stage } from '../../shared/pipeline';
import type { CallLogsTable, LeadEventsTable, LeadNotesTable, TasksTable } from '../db/schema';

export function toCallLog(row: CallLogsTable): CallLog {
  return {
    id: row.id,
    leadId: row.lead_id,
    outcome: row.outcome as CallOutcome,
    durationSeconds: row.duration_s,
    note: row.note,
    occurredAt: row.occurred_at,
    authorId: row.author_id,
    createdAt: row.created_at,
  };
}

export function toLeadNote(row: LeadNotesTable): LeadNote {
  return { id: row.id, leadId: row.lead_id, body: row.body, authorId: row.author_id, occurredAt: row.occurred_at };
}

export function toTask(row: Omit<TasksTable, 'server_version' | 'server_row'>): Task {
  return {
    id: row.id,
    leadId: row.lead_id,
    title: row.title,
    dueAt: row.due_at,
    doneAt: row.done_at,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toLeadEvent(row: LeadEventsTable): LeadEvent {
  return {
    id: row.id,
    leadId: row.lead_id,
    kind: row.kind as LeadEventKind,
    fromStage: row.from_stage as Stage | null,
    toStage: row.to_stage as Stage | null,
    data: JSON.parse(row.data) as Record<string, unknown>,
    actorId: row.actor_id,
    at: row.at,
  };
}
