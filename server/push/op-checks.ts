import type { z } from 'zod';
import type { JsonValue } from '../../shared/outbox';
import type { RejectCode } from '../../shared/protocol';

/** Why one op was refused; the rest of its push still applies. */
export class OpRejected extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
  ) {
    super(message);
  }
}

/** Out of scope and missing look the same, so a refusal never reveals that a record exists. */
export const NO_SUCH_LEAD = () => new OpRejected('not_found', 'No such lead in your branches.');
export const NO_SUCH_TASK = () => new OpRejected('not_found', 'No such follow-up in your branches.');

/** Parses op contents; a failure rejects the op with the first problem, named by field. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new OpRejected('invalid_op', `${where}${issue?.message ?? 'invalid values'}`);
}

/** Validates an update's changed fields against per-field schemas; base values are taken as sent. */
export function parseChanges(
  changes: Record<string, { value: JsonValue; base: JsonValue }> | null,
  fields: Record<string, z.ZodType>,
): Record<string, { value: JsonValue; base: JsonValue }> {
  if (!changes || Object.keys(changes).length === 0) throw new OpRejected('invalid_op', 'an update needs at least one changed field');
  const out: Record<string, { value: JsonValue; base: JsonValue }> = {};
  for (const [field, change] of Object.entries(changes)) {
    const schema = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!schema) throw new OpRejected('invalid_op', `${field}: not a field that can be changed`);
    const parsed = schema.safeParse(change.value);
    if (!parsed.success) throw new OpRejected('invalid_op', `${field}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    out[field] = { value: parsed.data as JsonValue, base: change.base };
  }
  return out;
}

/** Closing rules of the stage group, on the values the editor meant to store. */
export function checkClosing(group: { stage?: JsonValue; outcome?: JsonValue; lostReason?: JsonValue }): void {
  if (group.stage === 'closed' && !group.outcome) throw new OpRejected('invalid_op', 'outcome: closing a lead needs an outcome: won or lost');
  if (group.stage !== 'closed' && group.outcome) throw new OpRejected('invalid_op', 'outcome: only a closed lead has an outcome');
  if (group.outcome === 'lost' && !group.lostReason) throw new OpRejected('invalid_op', 'lostReason: a lost lead needs a reason');
}
