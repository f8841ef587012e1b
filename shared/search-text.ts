import { phoneDigits, type Phone } from './phone';

// Latin combining diacritics left behind by NFD.
const LATIN_MARKS = /[\u0300-\u036F]/g;
const ASCII = /^[ -~\t\n\r]*$/;
// Latin-1 Supplement through Latin Extended Additional, or any combining mark left.
const LATIN_EXTENDED = /[\u00C0-\u024F\u1E00-\u1EFF]|\p{Mn}/u;
// أ إ آ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي; harakat, superscript alef and tatweel → nothing.
const ARABIC_FOLD_MAP: Record<string, string> = {
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0622': '\u0627',
  '\u0649': '\u064A',
  '\u0629': '\u0647',
  '\u0624': '\u0648',
  '\u0626': '\u064A',
};
const ARABIC_FOLDS = /[\u064B-\u065F\u0670\u0622-\u0626\u0629\u0649\u0640]/g;

/**
 * The one normaliser for search: used when indexing a lead and when reading a query,
 * so both sides always fold the same way. Lower-cases, drops Latin diacritics, drops
 * Arabic harakat and tatweel, folds أ إ آ to ا, ى to ي and ة to ه (and the hamza
 * seats ؤ ئ to و ي, which Unicode decomposition would otherwise fold only sometimes).
 */
export function normalizeSearchText(text: string): string {
  // Plain ASCII has nothing to fold but case (most emails, phones and many notes).
  if (ASCII.test(text)) return text.toLowerCase();
  // One pass for every Arabic fold (this runs on every note of a 100K-row import).
  let folded = text.replace(ARABIC_FOLDS, (ch) => ARABIC_FOLD_MAP[ch] ?? '');
  // Decomposing is the slow part; only text with Latin letters beyond ASCII needs it.
  if (LATIN_EXTENDED.test(folded)) folded = folded.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
  return folded.toLowerCase();
}

/**
 * Phone tokens for the index: the full digits (prefix search) and the digits
 * reversed (so "any trailing digits" becomes a prefix search on the reversed form).
 */
export function phoneSearchTokens(phones: readonly Phone[]): { forward: string; reversed: string } {
  const forward: string[] = [];
  const reversed: string[] = [];
  for (const phone of phones) {
    const digits = phoneDigits(phone);
    if (!digits) continue;
    forward.push(digits);
    // A local form too, so "0101…" finds "+20101…".
    if (phone.e164?.startsWith('+20')) forward.push('0' + digits.slice(2));
    reversed.push([...digits].reverse().join(''));
  }
  return { forward: forward.join(' '), reversed: reversed.join(' ') };
}

/** Splits a normalised query into words; digits-only words may be phone suffixes. */
export function searchWords(query: string): string[] {
  return normalizeSearchText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
