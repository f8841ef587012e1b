import type { Phone } from './phone';
import type { CallOutcome, ClosedOutcome, Stage } from './pipeline';

/** ISO-8601 UTC timestamp with milliseconds, e.g. `2026-11-25T19:07:07.123Z`. Sorts as text. */
export type Timestamp = string;

export interface Lead {
  id: string;
  name: string;
  phones: Phone[];
  email: string | null;
  source: string | null;
  stage: Stage;
  outcome: ClosedOutcome | null;
  lostReason: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  propertyType: string | null;
  propertyArea: string | null;
  /** Empty until the server assigns them. */
  ownerId: string | null;
  branchId: string | null;
  notes: string;
  /** Derived from the lead's open follow-up tasks. */
  nextFollowUpAt: Timestamp | null;
  /** Derived from the lead's call logs. */
  lastContactedAt: Timestamp | null;
  stageEnteredAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** The server version this row is based on; null until the server first confirms it. */
  serverVersion: number | null;
  deleted: boolean;
  /** Set on a lead merged away into another: the survivor's id (the lead is then also deleted). */
  mergedInto: string | null;
}

/** The lead fields a user edits and sync carries; everything else is derived or server-set. */
export const LEAD_SYNCED_FIELDS = [
  'name',
  'phones',
  'email',
  'source',
  'stage',
  'outcome',
  'lostReason',
  'budgetMin',
  'budgetMax',
  'propertyType',
  'propertyArea',
  'ownerId',
  'branchId',
  'notes',
] as const satisfies readonly (keyof Lead)[];
export type LeadSyncedField = (typeof LEAD_SYNCED_FIELDS)[number];
export type LeadValues = Pick<Lead, LeadSyncedField>;

export interface CallLog {
  id: string;
  leadId: string;
  outcome: CallOutcome;
  durationSeconds: number;
  note: string;
  occurredAt: Timestamp;
  /** Null until the server names the author (work done before the first sync). */
  authorId: string | null;
  createdAt: Timestamp;
}

export interface LeadNote {
  id: string;
  leadId: string;
  body: string;
  authorId: string | null;
  occurredAt: Timestamp;
}

export interface Task {
  id: string;
  leadId: string;
  title: string;
  dueAt: Timestamp;
  doneAt: Timestamp | null;
  authorId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export const LEAD_EVENT_KINDS = ['created', 'stage_changed', 'deleted', 'restored', 'assigned', 'merged'] as const;
export type LeadEventKind = (typeof LEAD_EVENT_KINDS)[number];

export interface LeadEvent {
  id: string;
  leadId: string;
  kind: LeadEventKind;
  fromStage: Stage | null;
  toStage: Stage | null;
  /** Extra facts of the event (outcome, lost reason, new owner …). */
  data: Record<string, unknown>;
  actorId: string | null;
  at: Timestamp;
}

/** `pending`: not on the server yet. `madeOffline`: written on this computer while it had no connection. */
export type TimelineEntry =
  | { kind: 'call'; at: Timestamp; pending: boolean; madeOffline: boolean; call: CallLog }
  | { kind: 'note'; at: Timestamp; pending: boolean; madeOffline: boolean; note: LeadNote }
  | { kind: 'event'; at: Timestamp; pending: boolean; madeOffline: boolean; event: LeadEvent };

export interface LeadDetail {
  lead: Lead;
  tasks: Task[];
  /** Newest first. `pending` marks entries whose change has not reached the server yet. */
  timeline: TimelineEntry[];
  /**
   * Pending changes the shared merge rules say the server will not keep (someone else
   * changed the field since you saw it): shown as a warning on the field.
   */
  predictedOverrides: { field: string; yourValue: unknown; serverValue: unknown; rule: string }[];
}

export type StageCounts = Record<Stage, number>;
