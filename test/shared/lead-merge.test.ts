import { describe, expect, it } from 'vitest';
import { mergedLeadValues } from '../../shared/lead-merge';
import type { LeadValues } from '../../shared/model';

const base: LeadValues = {
  name: 'Mona Hassan',
  phones: [{ raw: '01012345678', e164: '+201012345678' }],
  email: null,
  source: 'walk-in',
  stage: 'viewing',
  outcome: null,
  lostReason: null,
  budgetMin: 1_000_000,
  budgetMax: 2_000_000,
  propertyType: 'apartment',
  propertyArea: 'Maadi',
  ownerId: 'u1',
  branchId: 'cairo',
  notes: 'first visit went well',
};
const other: LeadValues = {
  ...base,
  name: 'Mona H.',
  phones: [{ raw: '+20 10 1234 5678', e164: '+201012345678' }, { raw: '0222345678', e164: '+20222345678' }],
  email: 'mona@example.com',
  stage: 'closed',
  outcome: 'lost',
  lostReason: 'bought elsewhere',
  budgetMin: null,
  budgetMax: 5_000_000,
  notes: 'met at the open day',
};

describe('what a merge makes of the survivor', () => {
  it('keeps every survivor value unless a field is picked from the other lead', () => {
    expect(mergedLeadValues(base, other, {})).toEqual(base);
    expect(mergedLeadValues(base, other, { email: 'merged', name: 'survivor' })).toEqual({ ...base, email: 'mona@example.com' });
  });

  it('moves grouped fields together: the whole stage group, both budget bounds', () => {
    const merged = mergedLeadValues(base, other, { stage: 'merged', budget: 'merged' });
    expect(merged).toMatchObject({ stage: 'closed', outcome: 'lost', lostReason: 'bought elsewhere', budgetMin: null, budgetMax: 5_000_000 });
  });

  it('"both" keeps each number once (the same number typed two ways is one) and both notes, survivor first', () => {
    const merged = mergedLeadValues(base, other, { phones: 'both', notes: 'both' });
    expect(merged.phones.map((p) => p.e164)).toEqual(['+201012345678', '+20222345678']);
    expect(merged.phones[0]!.raw).toBe('01012345678');
    expect(merged.notes).toBe('first visit went well\n\nmet at the open day');
    expect(mergedLeadValues({ ...base, notes: '' }, other, { notes: 'both' }).notes).toBe('met at the open day');
  });
});
