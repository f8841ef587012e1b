import type { Timestamp } from './model';

export const SYNC_STATES = ['offline', 'online', 'syncing', 'error', 'signed-out', 'update-required'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/**
 * Everything a user needs to answer "is my work on the server yet, and if not, why?".
 * Shown in the status bar, pushed as the `syncStatus` event, printed by `crm status`.
 */
export interface SyncStatus {
  state: SyncState;
  /** Ops waiting to be sent, parked ones included. */
  pendingOps: number;
  /** Age of the oldest unsent op, or null when nothing waits. */
  oldestPendingAgeMs: number | null;
  /** Ops the server refused; they wait for the user (retry, edit, discard). */
  parkedOps: number;
  unresolvedConflicts: number;
  lastSuccessAt: Timestamp | null;
  lastError: string | null;
  nextRetryAt: Timestamp | null;
  /** Progress of a running pull (first sync of a large office). */
  progress: { pulled: number; phase: 'push' | 'pull' } | null;
  serverUrl: string | null;
}

/** A value of yours (or a colleague's) that the merge rules did not keep. */
export interface Conflict {
  id: number;
  opId: string;
  leadId: string;
  entity: string;
  entityId: string | null;
  field: string;
  myValue: unknown;
  keptValue: unknown;
  rule: string;
  keptBy: string | null;
  at: Timestamp;
  restoredAt: Timestamp | null;
}

/** An op the server refused, waiting for the user. */
export interface ParkedOp {
  seq: number;
  opId: string;
  entity: string;
  entityId: string;
  leadId: string;
  type: string;
  code: string;
  reason: string;
  parkedAt: Timestamp;
}
