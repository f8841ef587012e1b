import type { Timestamp } from './model';

/**
 * The outbox operation format: what a client queues locally and pushes to the
 * server. Bumped when the shape of `values`/`changes` changes; the server accepts
 * the current and the previous version.
 */
export const PAYLOAD_VERSION = 1;

export const ENTITY_KINDS = ['lead', 'call_log', 'lead_note', 'task'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const OP_TYPES = ['create', 'update', 'delete', 'restore'] as const;
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
  /** For `create`: every field of the new record. */
  values: Record<string, JsonValue> | null;
  /** For `update`: only the changed fields, each with its base value. */
  changes: Record<string, FieldChange> | null;
  /** The server version the edit was based on; null for records the server has not seen. */
  baseVersion: number | null;
  payloadVersion: number;
  createdAt: Timestamp;
}
