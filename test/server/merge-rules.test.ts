/** The merge rules as properties: whatever two offline editors did, no value vanishes silently. fast-check prints its seed on failure. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editsLostToDelete, mergeEdit, mergePhoneSets, sameJson, STAGE_GROUP, type FieldWriters } from '../../shared/merge-rules';
import type { FieldChange, JsonValue } from '../../shared/outbox';

const phone = fc.constantFrom(
  { raw: '01012345678', e164: '+201012345678' },
  { raw: '010 1234 5678', e164: '+201012345678' },
  { raw: '01198765432', e164: '+201198765432' },
  { raw: '01234567890', e164: '+201234567890' },
  { raw: 'ext. 12', e164: null },
);
const phoneList = fc.uniqueArray(phone, { maxLength: 4, selector: (p) => p.e164 ?? p.raw });
const pools: Record<string, fc.Arbitrary<JsonValue>> = {
  name: fc.constantFrom('Mona', 'Mona H.', 'Karim'),
  notes: fc.constantFrom('', 'call after Eid', 'budget firm'),
  stage: fc.constantFrom('new', 'contacted', 'closed'),
  outcome: fc.constantFrom(null, 'won', 'lost'),
  lostReason: fc.constantFrom(null, 'price'),
  budgetMax: fc.constantFrom(null, 1_000_000, 2_000_000),
  phones: phoneList as fc.Arbitrary<JsonValue>,
};
const FIELDS = Object.keys(pools);
const row = fc.record(pools) as fc.Arbitrary<Record<string, JsonValue>>;
const users = fc.constantFrom('u1', 'u2', 'u3');

/** An edit made against `base`, while the server moved from `base` to `current`. */
const scenario = fc.record({
  base: row,
  current: row,
  edited: row,
  touched: fc.subarray(FIELDS, { minLength: 1 }),
  author: users,
  writer: users,
});

function changesOf(s: { base: Record<string, JsonValue>; edited: Record<string, JsonValue>; touched: string[] }): Record<string, FieldChange> {
  return Object.fromEntries(s.touched.map((f) => [f, { value: s.edited[f]!, base: s.base[f]! }]));
}

function writersOf(writer: string): FieldWriters {
  return Object.fromEntries(FIELDS.map((f) => [f, { by: writer, version: 1 }]));
}

type Scenario = { base: Record<string, JsonValue>; current: Record<string, JsonValue>; edited: Record<string, JsonValue>; touched: string[]; author: string; writer: string };

const merge = (s: Scenario, deleted = false) =>
  mergeEdit({ changes: changesOf(s), current: s.current, writers: writersOf(s.writer), author: s.author, deleted, nextVersion: 2 });

const keys = (list: JsonValue) => new Set((list as { raw: string; e164: string | null }[]).map((p) => p.e164 ?? p.raw));

describe('merge rules', () => {
  it('an edit nobody raced is applied exactly, with no conflict', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const out = merge({ ...s, current: s.base });
        for (const f of s.touched) expect(out.row[f]).toEqual(s.edited[f]);
        expect(out.losers).toEqual([]);
        expect(out.notKept).toEqual([]);
      }),
    );
  });

  it('no value is lost silently: each side’s value is stored or in someone’s conflicts', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const out = merge(s);
        for (const f of s.touched) {
          if (f === 'phones') continue;
          for (const [value, owner] of [
            [s.edited[f]!, s.author],
            [s.current[f]!, s.writer],
          ] as const) {
            const stored = sameJson(out.row[f], value);
            const reported = out.losers.some((l) => l.field === f && sameJson(l.value, value) && l.loserId === owner);
            // The server's own value only "loses" if the editor changed the field concurrently.
            const untouchedByRace = value === s.current[f] && sameJson(s.base[f], s.current[f]);
            expect(stored || reported || untouchedByRace).toBe(true);
          }
        }
      }),
    );
  });

  it('the stage group moves as one: it is either the stored group or the editor’s', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const out = merge(s);
        const group = (r: Record<string, JsonValue>) => STAGE_GROUP.map((f) => r[f]);
        const editors = STAGE_GROUP.map((f) => (s.touched.includes(f) ? s.edited[f] : s.current[f]));
        const concurrent = STAGE_GROUP.some((f) => s.touched.includes(f) && !sameJson(s.base[f], s.current[f]));
        expect(group(out.row)).toEqual(concurrent ? group(s.current) : editors);
        if (concurrent) expect(out.losers.every((l) => !(STAGE_GROUP as readonly string[]).includes(l.field) || l.loserId === s.author)).toBe(true);
      }),
    );
  });

  it('notes and other fields: a concurrent edit wins and the replaced value goes to its writer', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom('notes', 'name', 'budgetMax'), (s, field) => {
        fc.pre(!sameJson(s.base[field], s.current[field]) && !sameJson(s.edited[field], s.current[field]));
        const out = merge({ ...s, touched: [field] });
        expect(out.row[field]).toEqual(s.edited[field]);
        expect(out.losers).toEqual([
          expect.objectContaining({ field, value: s.current[field], keptValue: s.edited[field], loserId: s.writer }),
        ]);
      }),
    );
  });

  it('phones: additions on either side kept, removals on either side removed', () => {
    fc.assert(
      fc.property(phoneList, phoneList, phoneList, (base, value, current) => {
        const merged = keys(mergePhoneSets(base, value, current));
        const b = keys(base);
        const v = keys(value);
        const c = keys(current);
        for (const k of v) if (!b.has(k)) expect(merged.has(k)).toBe(true);
        for (const k of b) if (!v.has(k)) expect(merged.has(k)).toBe(false);
        for (const k of c) if (!(b.has(k) && !v.has(k))) expect(merged.has(k)).toBe(true);
        for (const k of merged) expect(v.has(k) || c.has(k)).toBe(true);
      }),
    );
  });

  it('an edit to a deleted record changes nothing and all of it goes to its author', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const out = merge(s, true);
        expect(out.row).toEqual(s.current);
        expect(out.written).toEqual([]);
        const changed = s.touched.filter((f) => !sameJson(s.edited[f], s.current[f]));
        expect(out.losers.map((l) => [l.field, l.loserId, l.rule])).toEqual(changed.map((f) => [f, s.author, 'delete_wins']));
      }),
    );
  });

  it('a delete makes losers of exactly the edits its author had not seen', () => {
    const writers: FieldWriters = { name: { by: 'u1', version: 1 }, notes: { by: 'u2', version: 3 }, stage: { by: 'u3', version: 2 } };
    const current = { name: 'Mona', notes: 'call after Eid', stage: 'contacted' };
    const losers = editsLostToDelete({ baseVersion: 2, current, writers, deleter: 'u3' });
    expect(losers).toEqual([{ field: 'notes', value: 'call after Eid', keptValue: null, loserId: 'u2', rule: 'delete_wins' }]);
    expect(editsLostToDelete({ baseVersion: 3, current, writers, deleter: 'u1' })).toEqual([]);
  });
});
