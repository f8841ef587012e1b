import type { JsonValue } from '../../shared/outbox';

/** Structural equality for JSON values (field values compared by content, not identity). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ak = Object.keys(a);
  const bo = b as Record<string, JsonValue>;
  const ao = a as Record<string, JsonValue>;
  return ak.length === Object.keys(bo).length && ak.every((k) => sameJson(ao[k], bo[k]));
}
