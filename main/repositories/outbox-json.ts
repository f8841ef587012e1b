import type { EntityKind, FieldChange, JsonValue, OpType, OutboxOp } from '../../shared/outbox';
import type { PushRequest } from '../../shared/protocol';

/**
 * The JSON text of ops as the outbox query built it (SQLite's json_object, from the
 * stored payload text), so a push sends that text instead of parsing every payload
 * and encoding it again: at 2,000 ops per push that re-encoding was a large share of a
 * drain. Keyed by the op object itself, which the sync engine never changes.
 */
const encoded = new WeakMap<OutboxOp, string>();

/** `op` is exactly `JSON.parse(json)`. */
export function rememberOpJson(op: OutboxOp, json: string): OutboxOp {
  encoded.set(op, json);
  return op;
}

/** The outbox columns an op's envelope is read from. */
export interface QueuedOpRow {
  seq: number;
  op_id: string;
  entity: string;
  entity_id: string;
  lead_id: string;
  type: string;
  base_version: number | null;
  payload_version: number;
}

/**
 * An op read for a push: its envelope from the outbox columns, its values and changes
 * parsed from `json` only when something asks (the push itself sends `json`, and
 * recording the answer needs only the envelope), which spared a parse per op per drain.
 */
class QueuedOp implements OutboxOp {
  readonly seq: number;
  readonly opId: string;
  readonly entity: EntityKind;
  readonly entityId: string;
  readonly leadId: string;
  readonly type: OpType;
  readonly baseVersion: number | null;
  readonly payloadVersion: number;
  readonly #json: string;
  #whole: OutboxOp | undefined;

  constructor(row: QueuedOpRow, json: string) {
    this.#json = json;
    this.seq = row.seq;
    this.opId = row.op_id;
    this.entity = row.entity as EntityKind;
    this.entityId = row.entity_id;
    this.leadId = row.lead_id;
    this.type = row.type as OpType;
    this.baseVersion = row.base_version;
    this.payloadVersion = row.payload_version;
  }

  private get whole(): OutboxOp {
    return (this.#whole ??= JSON.parse(this.#json) as OutboxOp);
  }

  get values(): Record<string, JsonValue> | null {
    return this.whole.values;
  }

  get changes(): Record<string, FieldChange> | null {
    return this.whole.changes;
  }

  get createdAt(): string {
    return this.whole.createdAt;
  }

  /** JSON.stringify sees the op as sent, not the class. */
  toJSON(): OutboxOp {
    return this.whole;
  }
}

/** An op of a push, from its outbox row and the JSON text it is sent as (`json` is the whole op). */
export function queuedOp(row: QueuedOpRow, json: string): OutboxOp {
  return rememberOpJson(new QueuedOp(row, json), json);
}

/** `JSON.stringify(request)`, reusing the stored text of ops read from the outbox. */
export function pushRequestJson(request: PushRequest): string {
  const ops: string[] = [];
  for (const op of request.ops) {
    const text = encoded.get(op as OutboxOp);
    if (text === undefined || Object.keys(request).length !== 3) return JSON.stringify(request);
    ops.push(text);
  }
  return `{"clientId":${JSON.stringify(request.clientId)},"payloadVersion":${JSON.stringify(request.payloadVersion)},"ops":[${ops.join(',')}]}`;
}
