import { describe, expect, it } from 'vitest';
import { defaultMergePick, defaultSurvivor } from '../../shared/merge-defaults';
import type { Lead } from '../../shared/model';
import { normalizePhone } from '../../shared/phone';

const lead = (overrides: Partial<Lead>): Lead => ({
  id: 'a',
  name: 'Mona Hassan',
  phones: [normalizePhone('01012345678')],
  email: null,
  source: null,
  stage: 'new',
  outcome: null,
  lostReason: null,
  budgetMin: null,
  budgetMax: null,
  propertyType: null,
  propertyArea: null,
  ownerId: null,
  branchId: 'cairo',
  notes: '',
  nextFollowUpAt: null,
  lastContactedAt: null,
  stageEnteredAt: '2026-03-01T09:00:00.000Z',
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  serverVersion: 1,
  deleted: false,
  mergedInto: null,
  ...overrides,
});

describe('where the merge dialog starts', () => {
  it('keeps the lead further along the pipeline, else the older one', () => {
    const older = lead({ id: 'older', createdAt: '2026-01-01T00:00:00.000Z' });
    const newer = lead({ id: 'newer', createdAt: '2026-02-01T00:00:00.000Z' });
    expect(defaultSurvivor(newer, older).survivor.id).toBe('older');
    expect(defaultSurvivor(older, newer).survivor.id).toBe('older');
    const viewing = lead({ id: 'viewing', stage: 'viewing', createdAt: '2026-02-01T00:00:00.000Z' });
    expect(defaultSurvivor(older, viewing)).toEqual({ survivor: viewing, merged: older });
  });

  it("picks the survivor's values, the other's where the survivor has none, and both phones and notes when the other adds some", () => {
    const survivor = lead({ name: 'Mona Hassan', email: null, source: 'walk-in', notes: 'wants a garden', budgetMax: 2_000_000 });
    const merged = lead({
      name: 'Mona H.',
      phones: [normalizePhone('+20 10 1234 5678'), normalizePhone('01199998888')],
      email: 'mona@example.com',
      source: 'facebook',
      propertyArea: 'Maadi',
      ownerId: 'u2',
      notes: 'met at the open day',
    });
    expect(defaultMergePick(survivor, merged)).toEqual({
      name: 'survivor',
      phones: 'both',
      email: 'merged',
      source: 'survivor',
      stage: 'survivor',
      budget: 'survivor',
      property: 'merged',
      ownerId: 'merged',
      notes: 'both',
    });
  });

  it('keeps only the survivor where the other adds nothing new', () => {
    const survivor = lead({ notes: 'same words', email: 'mona@example.com' });
    const merged = lead({ phones: [normalizePhone('+201012345678')], notes: ' same words ', email: 'other@example.com' });
    expect(defaultMergePick(survivor, merged)).toMatchObject({ phones: 'survivor', notes: 'survivor', email: 'survivor' });
    expect(defaultMergePick(lead({ phones: [], notes: '' }), merged)).toMatchObject({ phones: 'merged', notes: 'merged' });
  });
});
