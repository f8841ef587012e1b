import { ENTITY_KINDS, OP_TYPES } from '../../shared/outbox';
import { MAX_PUSH_OPS, type PushRequest } from '../../shared/protocol';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENTITIES: ReadonlySet<unknown> = new Set(ENTITY_KINDS);
const TYPES: ReadonlySet<unknown> = new Set(OP_TYPES);
/** seq, opId, entity, entityId, leadId, type, values, changes, baseVersion, payloadVersion, createdAt. */
const OP_KEYS = 11;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countKeys(value: object): number {
  let n = 0;
  for (const key in value) if (Object.hasOwn(value, key)) n++;
  return n;
}

/**
 * True only for a push body that `pushRequestSchema` accepts unchanged: every op has
 * exactly the envelope's fields, each valid. zod took a large share of a 1000-op push;
 * this plain check vouches for well-formed bodies, and anything it does not vouch for
 * still goes through zod, so bad input gets zod's message naming the problem.
 */
export function isWellFormedPush(body: unknown): body is PushRequest {
  if (!isPlainObject(body) || countKeys(body) !== 3) return false;
  const { clientId, payloadVersion, ops } = body;
  if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > 100) return false;
  if (!Number.isSafeInteger(payloadVersion) || !Array.isArray(ops) || ops.length > MAX_PUSH_OPS) return false;
  for (const op of ops as unknown[]) {
    if (!isPlainObject(op) || countKeys(op) !== OP_KEYS) return false;
    if (!Number.isSafeInteger(op.seq) || !Number.isSafeInteger(op.payloadVersion)) return false;
    if (typeof op.opId !== 'string' || typeof op.entityId !== 'string' || typeof op.leadId !== 'string') return false;
    if (!UUID.test(op.opId) || !UUID.test(op.entityId) || !UUID.test(op.leadId)) return false;
    if (!ENTITIES.has(op.entity) || !TYPES.has(op.type)) return false;
    if (op.values !== null && !isPlainObject(op.values)) return false;
    if (op.changes !== null) {
      if (!isPlainObject(op.changes)) return false;
      for (const change of Object.values(op.changes)) if (!isPlainObject(change) || !('value' in change) || !('base' in change)) return false;
    }
    if (op.baseVersion !== null && !(Number.isSafeInteger(op.baseVersion) && (op.baseVersion as number) >= 0)) return false;
    if (typeof op.createdAt !== 'string' || op.createdAt.length > 40) return false;
  }
  return true;
}
