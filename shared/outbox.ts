import type { Timestamp } from './model';

/**
 * The outbox operation format: what a client queues locally and pushes to the
 * server. Bumped when the shape of `values`/`changes` changes; the server accepts
 * the current and the previous version. Version 2 added the lead `merge` op: a server
 * that knows only version 1 answers 426 (it needs an update) instead of refusing the
 * push as malformed.
 */
export const PAYLOAD_VERSION = 2;

export const ENTITY_KINDS = ['lead', 'call_log', 'lead_note', 'task'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const OP_TYPES = ['create', 'update', 'delete', 'restore', 'merge'] as const;
export type OpType = (typeof OP_TYPES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One changed field: the new value and the value the user saw when making the edit. */
export interface FieldChange {
  value: JsonValue;
  base: JsonValue;
}

export interface OutboxOp {
  /** Local order; informational to the server (parked ops can be overtaken). */
  seq: number;
  /** UUIDv7; the server de-duplicates by this id alone. */
  opId: string;
  entity: EntityKind;
  entityId: string;
  /** The lead this op belongs to: per-record order is kept per lead. */
  leadId: string;
  type: OpType;
  /** For `create`: every field of the new record. For a lead `merge`: `{mergedId, mergedBaseVersion}`. */
  values: Record<string, JsonValue> | null;
  /** For `update` (and `merge`: the survivor's fields picked from the merged lead): only the changed fields, each with its base value. */
  changes: Record<string, FieldChange> | null;
  /** The server version the edit was based on; null for records the server has not seen. */
  baseVersion: number | null;
  payloadVersion: number;
  createdAt: Timestamp;
}
