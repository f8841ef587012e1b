/**
 * The sync protocol between a client and the server: request validators (zod) and
 * the result shapes of every route. `shared/PROTOCOL.md` is the prose version.
 */
import { z } from 'zod';
import type { Lead, LeadEventKind, Timestamp } from './model';
import type { MergeRule, NotKeptField } from './merge-rules';
import { ENTITY_KINDS, OP_TYPES, type JsonValue } from './outbox';
import { CALL_OUTCOMES, CLOSED_OUTCOMES, STAGES, type Stage } from './pipeline';

export const ROLES = ['agent', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** Largest push a server accepts; clients send at most this many ops per request. */
export const MAX_PUSH_OPS = 5000;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');
/**
 * Bodies arrive through JSON.parse, so every value in them already is JSON: op contents
 * are checked for shape here (a deep z.json() re-check took a large share of a
 * 1000-op push) and validated field by field when the op is applied.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' });

// ---------------------------------------------------------------- requests

/** The envelope of one op; a malformed envelope fails the whole request (400). */
export const pushedOpSchema = z.object({
  seq: z.number().int(),
  opId: uuid,
  entity: z.enum(ENTITY_KINDS),
  entityId: uuid,
  leadId: uuid,
  type: z.enum(OP_TYPES),
  // Checked for shape only; their contents are validated per op, so a bad one rejects just that op.
  values: z.custom<Record<string, JsonValue> | null>((v) => v === null || isPlainObject(v), { message: 'must be an object or null' }),
  changes: z.custom<Record<string, { value: JsonValue; base: JsonValue }> | null>(
    (v) => v === null || (isPlainObject(v) && Object.values(v).every((c) => isPlainObject(c) && 'value' in c && 'base' in c)),
    { message: 'must be null or an object of {value, base} per field' },
  ),
  baseVersion: z.number().int().min(0).nullable(),
  payloadVersion: z.number().int(),
  createdAt: z.string().max(40),
});
export type PushedOp = z.infer<typeof pushedOpSchema>;

export const pushRequestSchema = z.strictObject({
  clientId: z.string().min(1, 'clientId is required').max(100),
  payloadVersion: z.number().int(),
  ops: z.array(pushedOpSchema).max(MAX_PUSH_OPS, `at most ${MAX_PUSH_OPS} ops per push`),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pullQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

// ---------------------------------------------------------------- op contents (a bad one rejects only that op)

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().default(null);
const money = z.number().int('must be a whole number').min(0, 'cannot be negative').max(1e13).nullable().default(null);
const phone = z.strictObject({ raw: text(40).min(1), e164: z.string().max(20).nullable() });

/** Every synced lead field and what it may hold. */
export const leadFieldSchemas = {
  name: text(200).trim().min(1, 'a lead needs a name'),
  phones: z.array(phone).max(10, 'at most 10 phones').default([]),
  email: optionalText(254),
  source: optionalText(100),
  stage: z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` }),
  outcome: z.enum(CLOSED_OUTCOMES, { message: 'must be won or lost' }).nullable().default(null),
  lostReason: optionalText(500),
  budgetMin: money,
  budgetMax: money,
  propertyType: optionalText(100),
  propertyArea: optionalText(200),
  ownerId: z.string().max(100).nullable().default(null),
  branchId: z.string().max(100).nullable().default(null),
  notes: text(20_000).default(''),
};

export const leadCreateValuesSchema = z.object(leadFieldSchemas);
export type LeadCreateValues = z.infer<typeof leadCreateValuesSchema>;

export const callLogValuesSchema = z.object({
  leadId: uuid,
  outcome: z.enum(CALL_OUTCOMES, { message: `must be one of ${CALL_OUTCOMES.join(', ')}` }),
  durationSeconds: z.number().int().min(0).max(86_400),
  note: text(5000).default(''),
  occurredAt: isoTime,
});

export const leadNoteValuesSchema = z.object({ leadId: uuid, body: text(20_000).min(1, 'a note cannot be empty'), occurredAt: isoTime });

export const taskValuesSchema = z.object({
  leadId: uuid,
  title: text(300).min(1, 'a follow-up needs a title'),
  dueAt: isoTime,
  doneAt: isoTime.nullable().default(null),
});

/** A lead `merge` op's values; its `changes` are the survivor's fields picked from the merged lead. */
export const mergeValuesSchema = z.strictObject({
  mergedId: uuid,
  /** The merged lead's server version the merger saw (null: never synced when merged). */
  mergedBaseVersion: z.number().int().min(0).nullable(),
});

export const taskFieldSchemas = {
  title: text(300).min(1),
  dueAt: isoTime,
  doneAt: isoTime.nullable(),
};

// ---------------------------------------------------------------- results

export interface HealthResponse {
  serverTime: Timestamp;
}

export interface UserSummary {
  id: string;
  name: string;
  role: Role;
  branches: string[];
}

export interface MeResponse {
  user: UserSummary;
  role: Role;
  branches: string[];
  serverTime: Timestamp;
}

export interface UsersResponse {
  users: UserSummary[];
}

/**
 * A lead as the server stores it: the client's Lead without what each client derives
 * for itself (next follow-up, last contact) and with the server's version.
 */
export type ServerLead = Omit<Lead, 'nextFollowUpAt' | 'lastContactedAt' | 'serverVersion'> & {
  version: number;
};

export interface ServerCallLog {
  id: string;
  leadId: string;
  outcome: string;
  durationSeconds: number;
  note: string;
  occurredAt: Timestamp;
  authorId: string;
  createdAt: Timestamp;
}

export interface ServerLeadNote {
  id: string;
  leadId: string;
  body: string;
  authorId: string;
  occurredAt: Timestamp;
  createdAt: Timestamp;
}

export interface ServerTask {
  id: string;
  leadId: string;
  title: string;
  dueAt: Timestamp;
  doneAt: Timestamp | null;
  authorId: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  version: number;
}

export interface ServerLeadEvent {
  /** The id of the op that caused it, so a client can match its own local event. */
  id: string;
  leadId: string;
  kind: LeadEventKind;
  fromStage: Stage | null;
  toStage: Stage | null;
  data: Record<string, JsonValue>;
  actorId: string;
  at: Timestamp;
}

/** A value of yours that lost a merge, kept for you to review. */
export interface ConflictRecord {
  id: string;
  entity: 'lead' | 'task';
  entityId: string;
  leadId: string;
  field: string;
  yourValue: JsonValue;
  keptValue: JsonValue;
  rule: MergeRule;
  opId: string;
  at: Timestamp;
  /** Whose edit was kept instead; null when the server did not record it. */
  keptBy: string | null;
}

export type EntityRow =
  | { entity: 'lead'; lead: ServerLead }
  | { entity: 'call_log'; callLog: ServerCallLog }
  | { entity: 'lead_note'; note: ServerLeadNote }
  | { entity: 'task'; task: ServerTask };

export const REJECT_CODES = ['invalid_op', 'not_found', 'not_allowed', 'unsupported', 'id_taken'] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/**
 * `redirectedTo`: the op's lead had been merged into this lead, and the op was applied
 * there; `version` is then the survivor's (or the task's) version, not the merged lead's.
 */
export type PushResult =
  | { opId: string; status: 'applied'; version: number; redirectedTo?: string }
  | { opId: string; status: 'merged'; version: number; row: EntityRow; fields: NotKeptField[]; redirectedTo?: string }
  | { opId: string; status: 'duplicate'; original: 'applied' | 'merged'; version: number; row: EntityRow | null }
  | { opId: string; status: 'rejected'; code: RejectCode; message: string };

export interface PushResponse {
  results: PushResult[];
  serverTime: Timestamp;
}

export type FeedItem = { position: number } & (
  | { kind: 'lead'; lead: ServerLead }
  | { kind: 'call_log'; callLog: ServerCallLog }
  | { kind: 'lead_note'; note: ServerLeadNote }
  | { kind: 'task'; task: ServerTask }
  | { kind: 'lead_event'; event: ServerLeadEvent }
  /** The lead left your branches: drop it and its calls, notes, tasks and events. */
  | { kind: 'lead_removed'; leadId: string }
  | { kind: 'conflict'; conflict: ConflictRecord }
);
export type FeedKind = FeedItem['kind'];

export interface PullResponse {
  items: FeedItem[];
  /** Pass back as `cursor`; never skips a change. */
  cursor: string;
  hasMore: boolean;
  serverTime: Timestamp;
}

/**
 * Response header of a pull page that has more after it: the page's `cursor`, sent before
 * the body so a client may request the next page while this one is still downloading.
 */
export const NEXT_CURSOR_HEADER = 'fieldline-next-cursor';

export const ERROR_STATUS_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'update_required',
  'resync_required',
  'payload_too_large',
  'busy',
  'internal',
] as const;
export type HttpErrorCode = (typeof ERROR_STATUS_CODES)[number];

export interface ErrorResponse {
  error: { code: HttpErrorCode; message: string };
}
