/**
 * Where the merge dialog starts, so a manager mostly confirms: which lead stays, and
 * which value each field group keeps. Pure; the user can change every choice.
 */
import { MERGE_PICKS, type MergePick, type MergePickField } from './contract';
import type { Lead } from './model';
import { phoneDigits } from './phone';
import { STAGES } from './pipeline';

/**
 * The lead that stays by default: the one further along the pipeline (its stage history
 * is the one worth keeping), and on the same stage the older one (created first).
 */
export function defaultSurvivor(a: Lead, b: Lead): { survivor: Lead; merged: Lead } {
  const further = STAGES.indexOf(b.stage) - STAGES.indexOf(a.stage);
  const bStays = further > 0 || (further === 0 && b.createdAt < a.createdAt);
  return bStays ? { survivor: b, merged: a } : { survivor: a, merged: b };
}

/**
 * Each field group keeps the survivor's value unless it is empty and the other lead's is
 * not. Phones and notes keep both when the other lead adds something, so nothing typed
 * is dropped unless the user says so.
 */
export function defaultMergePick(survivor: Lead, merged: Lead): Required<MergePick> {
  const emptyThere = (mine: unknown[], theirs: unknown[]) =>
    mine.every((v) => v === null || v === '') && theirs.some((v) => v !== null && v !== '');
  const either = (mine: unknown[], theirs: unknown[]) => (emptyThere(mine, theirs) ? 'merged' : 'survivor') as 'survivor' | 'merged';
  const survivorNumbers = new Set(survivor.phones.map(phoneDigits));
  const addsNumbers = merged.phones.some((p) => !survivorNumbers.has(phoneDigits(p)));
  const mineNotes = survivor.notes.trim();
  const theirNotes = merged.notes.trim();
  const pick: Required<MergePick> = {
    name: 'survivor',
    phones: survivor.phones.length === 0 ? 'merged' : addsNumbers ? 'both' : 'survivor',
    email: either([survivor.email], [merged.email]),
    source: either([survivor.source], [merged.source]),
    stage: 'survivor',
    budget: either([survivor.budgetMin, survivor.budgetMax], [merged.budgetMin, merged.budgetMax]),
    property: either([survivor.propertyType, survivor.propertyArea], [merged.propertyType, merged.propertyArea]),
    ownerId: either([survivor.ownerId], [merged.ownerId]),
    notes: !mineNotes && theirNotes ? 'merged' : mineNotes && theirNotes && mineNotes !== theirNotes ? 'both' : 'survivor',
  };
  return pick;
}

/** The field groups in the order the dialog shows them. */
export const MERGE_PICK_ORDER = Object.keys(MERGE_PICKS) as MergePickField[];
