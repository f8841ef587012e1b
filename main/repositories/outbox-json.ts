import type { OutboxOp } from '../../shared/outbox';
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
