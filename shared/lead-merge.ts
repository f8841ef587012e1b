/**
 * What a two-way merge makes of the survivor: the value of each field group the user
 * picked from the merged lead (or both, for phones and notes). Pure, so the merge
 * dialog previews exactly what the core will write.
 */
import type { MergePick } from './contract';
import type { LeadValues } from './model';
import { phoneDigits, type Phone } from './phone';

/** The synced fields each pick moves together. */
export const MERGE_PICK_FIELDS = {
  name: ['name'],
  phones: ['phones'],
  email: ['email'],
  source: ['source'],
  stage: ['stage', 'outcome', 'lostReason'],
  budget: ['budgetMin', 'budgetMax'],
  property: ['propertyType', 'propertyArea'],
  ownerId: ['ownerId'],
  notes: ['notes'],
} as const satisfies Record<keyof MergePick, readonly (keyof LeadValues)[]>;

export const MAX_PHONES = 10;
export const MAX_NOTES = 20_000;

/** Numbers of both leads, survivor's first, each once (by E.164 when known, else as typed). */
export function bothPhones(survivor: readonly Phone[], merged: readonly Phone[]): Phone[] {
  const seen = new Set<string>();
  const out: Phone[] = [];
  for (const phone of [...survivor, ...merged]) {
    const key = phoneDigits(phone);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(phone);
  }
  return out;
}

/** Both notes, survivor's first; an empty one adds nothing. */
export function bothNotes(survivor: string, merged: string): string {
  return [survivor.trim(), merged.trim()].filter(Boolean).join('\n\n');
}

/** The survivor's values after the merge (every synced field). */
export function mergedLeadValues(survivor: LeadValues, merged: LeadValues, pick: MergePick): LeadValues {
  const out: LeadValues = { ...survivor };
  for (const [group, fields] of Object.entries(MERGE_PICK_FIELDS) as [keyof MergePick, readonly (keyof LeadValues)[]][]) {
    const choice = pick[group];
    if (choice === 'merged') for (const field of fields) (out as unknown as Record<string, unknown>)[field] = merged[field];
  }
  if (pick.phones === 'both') out.phones = bothPhones(survivor.phones, merged.phones);
  if (pick.notes === 'both') out.notes = bothNotes(survivor.notes, merged.notes);
  return out;
}
