import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeadSort } from '../../shared/contract';
import type { Core } from '../../main/core';
import { steppingClock, tempCore } from '../support/temp';

function seed(core: Core, count: number) {
  const names = ['Amr', 'Basma', 'Chris', 'Dina', 'Eman', 'Fady', 'أمل', 'بسمة'];
  return core.leads.createMany(
    Array.from({ length: count }, (_, i) => ({
      name: `${names[i % names.length]} ${i % 7}`, // many equal names: ties must break on seq
      phones: [`010${String(10_000_000 + i)}`],
      notes: '',
      stage: (['new', 'contacted', 'viewing'] as const)[i % 3],
      email: null,
    }) as never),
  );
}

function walk(core: Core, sort: LeadSort, pageSize: number, between?: (page: number) => void, stage?: 'new') {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = core.leads.list({ sort, limit: pageSize, cursor, stage });
    seen.push(...result.items.map((l) => l.id));
    if (!result.nextCursor) return seen;
    cursor = result.nextCursor;
    between?.(page);
  }
  throw new Error('the walk never ended');
}

describe('keyset paging through the leads list', () => {
  it('returns every lead exactly once, for every sort, when nothing changes during the walk', () => {
    // A clock that stands still for 5 writes at a time: many equal timestamps.
    let t = Date.parse('2026-03-01T09:00:00Z');
    let n = 0;
    const core = tempCore({ now: () => new Date(n++ % 5 === 0 ? (t += 1000) : t) });
    const all = seed(core, 600);
    for (const sort of ['updated', 'created', 'name', 'nextFollowUp'] as const) {
      for (const size of [1, 37, 600, 1000]) {
        if (size === 1 && sort !== 'updated') continue;
        const seen = walk(core, sort, size);
        expect(seen.length, `${sort}/${size}`).toBe(all.length);
        expect(new Set(seen)).toEqual(new Set(all));
      }
    }
    const newOnes = walk(core, 'name', 25, undefined, 'new');
    expect(newOnes).toHaveLength(200);
  });

  it('the newest-first order is the order the rows were last edited', () => {
    const core = tempCore();
    const [a, b, c] = seed(core, 3);
    core.leads.update(a!, { notes: 'touched' });
    expect(walk(core, 'updated', 2)).toEqual([a!, c!, b!]);
  });

  it('shows rows edited during the walk at most once (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }),
        fc.constantFrom<LeadSort>('updated', 'created'),
        (pageSize, edits, sort) => {
          const core = tempCore({ now: steppingClock() });
          const ids = seed(core, 120);
          let e = 0;
          const seen = walk(core, sort, pageSize, () => {
            // Between pages, another part of the app edits some rows.
            for (let k = 0; k < 3 && e < edits.length; k++, e++) {
              const [which, what] = edits[e]!;
              core.leads.update(ids[which % ids.length]!, { notes: `edit ${what}` });
            }
          });
          expect(new Set(seen).size).toBe(seen.length);
          if (sort === 'created') expect(seen.length).toBe(ids.length); // edits do not move a row in creation order
          core.close();
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('refuses a cursor that was not made for this list', () => {
    const core = tempCore();
    seed(core, 10);
    const page = core.leads.list({ sort: 'updated', limit: 3 });
    expect(() => core.leads.list({ sort: 'name', limit: 3, cursor: page.nextCursor! })).toThrow(/cursor is not valid/);
    expect(() => core.leads.list({ sort: 'updated', limit: 3, cursor: 'garbage' })).toThrow(/cursor is not valid/);
  });
});
