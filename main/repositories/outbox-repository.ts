import { newId } from '../../shared/ids';
import { PAYLOAD_VERSION, type EntityKind, type FieldChange, type JsonValue, type OutboxOp, type OpType } from '../../shared/outbox';
import type { Selectable } from 'kysely';
import type { OutboxTable } from '../db/schema';
import type { RepositoryContext } from './context';
import { sameJson } from '../../shared/merge-rules';

export interface NewOp {
  entity: EntityKind;
  entityId: string;
  leadId: string;
  type: OpType;
  values?: Record<string, JsonValue>;
  changes?: Record<string, FieldChange>;
  baseVersion: number | null;
  /**
   * May this update fold into the record's previous unsent op? Stage moves and
   * reassignments never do: each is a timeline fact with its own event.
   */
  compactable?: boolean;
  /** Kept on this computer only (never sent): what undoing the op locally needs. */
  local?: Record<string, JsonValue>;
}

interface StoredPayload {
  values?: Record<string, JsonValue>;
  changes?: Record<string, FieldChange>;
  compactable?: boolean;
  local?: Record<string, JsonValue>;
}

/**
 * The outbox: every local write's intent to sync. `append` is only ever called inside
 * the transaction that changes the row, so the two cannot drift apart.
 */
export class OutboxRepository {
  private readonly insert;

  constructor(private readonly ctx: RepositoryContext) {
    this.insert = ctx.store.preparedInsert('outbox', [
      'op_id', 'entity', 'entity_id', 'lead_id', 'type', 'payload', 'base_version', 'payload_version', 'created_at',
    ]);
  }

  /** Queues one op (or folds it into the record's previous unsent op); returns the op id that carries it. */
  append(op: NewOp): string {
    if (op.type === 'update' && op.compactable && op.changes) {
      const folded = this.tryCompact(op as NewOp & { changes: Record<string, FieldChange> });
      if (folded) return folded;
    }
    const opId = newId();
    if (this.ctx.isOffline()) {
      const remember = this.ctx.store.statement(`INSERT OR IGNORE INTO made_offline (id) VALUES (?), (?)`);
      remember.run(opId, op.entityId);
    }
    const payload: StoredPayload = {};
    if (op.values) payload.values = op.values;
    if (op.changes) payload.changes = op.changes;
    if (op.compactable) payload.compactable = true;
    if (op.local) payload.local = op.local;
    this.insert({
      op_id: opId,
      entity: op.entity,
      entity_id: op.entityId,
      lead_id: op.leadId,
      type: op.type,
      payload: JSON.stringify(payload),
      base_version: op.baseVersion,
      payload_version: PAYLOAD_VERSION,
      created_at: this.ctx.now().toISOString(),
    });
    return opId;
  }

  /**
   * Consecutive edits of one record become one op while no drain has sent it: the
   * earliest base per field is kept (it is what the user first saw), the latest value wins.
   */
  private tryCompact(op: NewOp & { changes: Record<string, FieldChange> }): string | null {
    const { store } = this.ctx;
    const last = store.first(
      store.q.selectFrom('outbox').selectAll().where('lead_id', '=', op.leadId).orderBy('seq', 'desc').limit(1),
    );
    // A parked op waits for the user's decision; a new edit must not share its fate.
    if (!last || last.sent_at !== null || last.parked_at !== null || last.entity_id !== op.entityId) return null;
    const payload = JSON.parse(last.payload) as StoredPayload;
    if (last.type === 'create' && payload.values) {
      for (const [field, change] of Object.entries(op.changes)) payload.values[field] = change.value;
    } else if (last.type === 'update' && payload.compactable && payload.changes) {
      for (const [field, change] of Object.entries(op.changes)) {
        const earlier = payload.changes[field];
        payload.changes[field] = { value: change.value, base: earlier ? earlier.base : change.base };
      }
      // An edit undone before it was sent is no edit at all.
      for (const [field, change] of Object.entries(payload.changes)) {
        if (sameJson(change.value, change.base)) delete payload.changes[field];
      }
      if (Object.keys(payload.changes).length === 0) {
        store.run(store.q.deleteFrom('outbox').where('seq', '=', last.seq));
        return last.op_id;
      }
    } else {
      return null;
    }
    store.run(store.q.updateTable('outbox').set({ payload: JSON.stringify(payload) }).where('seq', '=', last.seq));
    return last.op_id;
  }

  /** Pending ops, oldest first. */
  list(limit: number): OutboxOp[] {
    const { store } = this.ctx;
    return store.all(store.q.selectFrom('outbox').selectAll().orderBy('seq').limit(limit)).map(toOutboxOp);
  }

  pendingCount(): number {
    const { store } = this.ctx;
    return store.first(store.q.selectFrom('outbox').select((e) => e.fn.countAll<number>().as('n')))?.n ?? 0;
  }

  /** Ids of a lead's ops and records still waiting for the server (for "not synced yet" markers). */
  pendingIdsForLead(leadId: string): Set<string> {
    const { store } = this.ctx;
    const rows = store.all(store.q.selectFrom('outbox').select(['op_id', 'entity_id']).where('lead_id', '=', leadId));
    return new Set(rows.flatMap((r) => [r.op_id, r.entity_id]));
  }
}

export function toOutboxOp(row: Selectable<OutboxTable>): OutboxOp {
  const payload = JSON.parse(row.payload) as StoredPayload;
  return {
    seq: row.seq,
    opId: row.op_id,
    entity: row.entity as EntityKind,
    entityId: row.entity_id,
    leadId: row.lead_id,
    type: row.type as OpType,
    values: payload.values ?? null,
    changes: payload.changes ?? null,
    baseVersion: row.base_version,
    payloadVersion: row.payload_version,
    createdAt: row.created_at,
  };
}
