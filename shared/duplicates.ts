import { normalizePhone, phoneDigits, type Phone } from './phone';

/**
 * The rule for "the same person": the same normalised phone (E.164 digits where known)
 * or the same email, case-insensitive. One rule for the new-lead warning, the CSV import
 * and the merge tool, so they never disagree.
 */
export interface DuplicateKeys {
  phones: string[];
  email: string | null;
}

export function duplicateKeys(input: { phones: readonly (Phone | string)[]; email: string | null | undefined }): DuplicateKeys {
  const phones = new Set<string>();
  for (const phone of input.phones) {
    const digits = phoneDigits(typeof phone === 'string' ? normalizePhone(phone) : phone);
    // Fewer than 7 digits is a fragment the user is still typing, not a number to match.
    if (digits.length >= 7) phones.add(digits);
  }
  const email = input.email?.trim().toLowerCase() || null;
  return { phones: [...phones], email };
}

/** Whether a stored lead shares a phone or the email with the keys. */
export function isDuplicate(keys: DuplicateKeys, lead: { phones: readonly Phone[]; email: string | null }): boolean {
  if (keys.email && lead.email?.toLowerCase() === keys.email) return true;
  return lead.phones.some((phone) => keys.phones.includes(phoneDigits(phone)));
}
