/**
 * How the server folds one pushed edit into the stored record when others changed it
 * meanwhile. Pure: the server applies it, and a client may run it to predict the
 * outcome. A field is *concurrent* when the stored value differs from the value the
 * editor saw (the op's `base`).
 *
 *   stage group (stage, outcome, lostReason) → the stored group stays; the editor's goes to their conflicts
 *   notes                                     → the edit wins; the replaced text goes to its writer's conflicts
 *   phones                                    → merged as a set by number: additions and removals of both sides hold
 *   any other field                           → the later arrival (the edit) wins; the replaced value goes to its writer
 *   edit vs delete (either order)             → the delete stays; the edit goes to its author's conflicts
 *   merge                                     → the merged-away lead becomes a tombstone naming the survivor;
 *                                               edits to it the merger had not seen go to their authors'
 *                                               conflicts (restoring one applies it to the survivor); ops that
 *                                               arrive for it later are applied to the survivor, by the rules above
 */
import type { FieldChange, JsonValue } from './outbox';

export const STAGE_GROUP = ['stage', 'outcome', 'lostReason'] as const;

export const MERGE_RULES = ['stage_kept', 'notes_later_wins', 'phones_merged', 'later_arrival_wins', 'delete_wins', 'merged_away'] as const;
export type MergeRule = (typeof MERGE_RULES)[number];

/** Who wrote a stored field value, and in which record version. */
export interface FieldWriter {
  by: string | null;
  version: number;
}
export type FieldWriters = Record<string, FieldWriter>;

/** A value that did not survive the merge: it goes to `loserId`'s conflict list. */
export interface LosingValue {
  field: string;
  value: JsonValue;
  keptValue: JsonValue;
  loserId: string | null;
  rule: MergeRule;
}

/** A field where the editor's value is not what is now stored (told back in the push result). */
export interface NotKeptField {
  field: string;
  yourValue: JsonValue;
  keptValue: JsonValue;
  rule: MergeRule;
}

export interface MergeInput {
  changes: Record<string, FieldChange>;
  current: Record<string, JsonValue>;
  writers: FieldWriters;
  author: string;
  /** The stored record is deleted: the whole edit loses. */
  deleted: boolean;
  /** The version the record gets if anything is written. */
  nextVersion: number;
}

export interface MergeOutput {
  row: Record<string, JsonValue>;
  writers: FieldWriters;
  /** Fields whose stored value changed. */
  written: string[];
  losers: LosingValue[];
  notKept: NotKeptField[];
}

export function mergeEdit(input: MergeInput): MergeOutput {
  const { changes, current, author } = input;
  const row = { ...current };
  const writers = { ...input.writers };
  const written: string[] = [];
  const losers: LosingValue[] = [];
  const notKept: NotKeptField[] = [];
  const lose = (field: string, value: JsonValue, rule: MergeRule) => {
    const keptValue = current[field] ?? null;
    losers.push({ field, value, keptValue, loserId: author, rule });
    notKept.push({ field, yourValue: value, keptValue, rule });
  };
  const write = (field: string, value: JsonValue) => {
    if (sameJson(value, current[field] ?? null)) return;
    row[field] = value;
    writers[field] = { by: author, version: input.nextVersion };
    written.push(field);
  };
  const fields = Object.keys(changes).filter((f) => !sameJson(changes[f]!.value, current[f] ?? null));

  if (input.deleted) {
    for (const field of fields) lose(field, changes[field]!.value, 'delete_wins');
    return { row, writers, written, losers, notKept };
  }

  const concurrent = (field: string) => !sameJson(changes[field]!.base, current[field] ?? null);
  const group = fields.filter((f) => (STAGE_GROUP as readonly string[]).includes(f));
  const groupConcurrent = Object.keys(changes).some((f) => (STAGE_GROUP as readonly string[]).includes(f) && concurrent(f));
  for (const field of group) {
    if (groupConcurrent) lose(field, changes[field]!.value, 'stage_kept');
    else write(field, changes[field]!.value);
  }

  for (const field of fields) {
    if ((STAGE_GROUP as readonly string[]).includes(field)) continue;
    const change = changes[field]!;
    if (field === 'phones' && concurrent(field)) {
      const merged = mergePhoneSets(change.base, change.value, current[field] ?? null);
      write(field, merged);
      if (!sameJson(merged, change.value)) notKept.push({ field, yourValue: change.value, keptValue: merged, rule: 'phones_merged' });
      continue;
    }
    if (concurrent(field)) {
      losers.push({
        field,
        value: current[field] ?? null,
        keptValue: change.value,
        loserId: input.writers[field]?.by ?? null,
        rule: field === 'notes' ? 'notes_later_wins' : 'later_arrival_wins',
      });
    }
    write(field, change.value);
  }
  return { row, writers, written, losers, notKept };
}

/**
 * A delete that arrives after edits its author had not seen (written in a version
 * after `baseVersion` by someone else): the delete stays, those edits lose.
 */
export function editsLostToDelete(input: {
  baseVersion: number | null;
  current: Record<string, JsonValue>;
  writers: FieldWriters;
  deleter: string;
}): LosingValue[] {
  const seen = input.baseVersion ?? 0;
  return Object.entries(input.writers)
    .filter(([, w]) => w.version > seen && w.by !== input.deleter)
    .map(([field, w]) => ({ field, value: input.current[field] ?? null, keptValue: null, loserId: w.by, rule: 'delete_wins' as const }));
}

/**
 * A merge whose merger had seen the merged-away lead at `mergedBaseVersion`: values
 * others wrote to it since, and that the survivor does not hold, are not kept; each
 * goes to its writer's conflicts next to the survivor's value, to restore there.
 */
export function editsLostToMerge(input: {
  mergedBaseVersion: number | null;
  merged: Record<string, JsonValue>;
  survivor: Record<string, JsonValue>;
  writers: FieldWriters;
  merger: string;
}): LosingValue[] {
  const seen = input.mergedBaseVersion ?? 0;
  return Object.entries(input.writers)
    .filter(([field, w]) => w.version > seen && w.by !== input.merger && !sameJson(input.merged[field] ?? null, input.survivor[field] ?? null))
    .map(([field, w]) => ({
      field,
      value: input.merged[field] ?? null,
      keptValue: input.survivor[field] ?? null,
      loserId: w.by,
      rule: 'merged_away' as const,
    }));
}

/** The set key of a phone: its E.164 form when known, else its text. */
function phoneKey(phone: JsonValue): string {
  if (phone && typeof phone === 'object' && !Array.isArray(phone)) {
    const e164 = phone.e164;
    if (typeof e164 === 'string' && e164) return e164;
    return String(phone.raw ?? '');
  }
  return JSON.stringify(phone);
}

const asList = (value: JsonValue): JsonValue[] => (Array.isArray(value) ? value : []);

/**
 * Three-way set merge: numbers the editor removed (in base, not in value) are removed,
 * numbers the editor added are appended, and everything the stored side did stays.
 */
export function mergePhoneSets(base: JsonValue, value: JsonValue, current: JsonValue): JsonValue[] {
  const baseKeys = new Set(asList(base).map(phoneKey));
  const valueKeys = new Set(asList(value).map(phoneKey));
  const removed = new Set([...baseKeys].filter((k) => !valueKeys.has(k)));
  const result: JsonValue[] = [];
  const have = new Set<string>();
  for (const phone of asList(current)) {
    const key = phoneKey(phone);
    if (removed.has(key) || have.has(key)) continue;
    have.add(key);
    result.push(phone);
  }
  for (const phone of asList(value)) {
    const key = phoneKey(phone);
    if (baseKeys.has(key) || have.has(key)) continue;
    have.add(key);
    result.push(phone);
  }
  return result;
}

/** Structural equality for JSON values (object key order ignored). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ao = a as Record<string, JsonValue>;
  const bo = b as Record<string, JsonValue>;
  const ak = Object.keys(ao);
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && sameJson(ao[k], bo[k]));
}
