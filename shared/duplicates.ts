import { normalizePhone, phoneDigits, type Phone } from './phone';
import { normalizeSearchText } from './search-text';

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

/**
 * Similar names: the softer "maybe the same person" rule (the managers' list applies it
 * to leads of one branch).
 *
 * 1. A name's key is its words folded by the search normaliser (case, Latin accents;
 *    Arabic harakat, tatweel, hamza seats, ى → ي, ة → ه), sorted: "Mohamed Ali",
 *    "ali  MOHAMED" and "Ali Mohamed." share the key "ali mohamed".
 * 2. Two names are similar when their keys are equal, or when their skeletons are equal
 *    and the keys are a few edits apart (insert, delete, change or swap a letter):
 *    one edit when the shorter key has 4 to 9 letters, two from 10 letters; a key under
 *    4 letters must be equal. "Mohamed" ~ "Mohammed", "Ahmed" ~ "Ahmad", "Sara" ~ "Sarah",
 *    "Ahmed Fathy" ~ "Ahmed Fathi".
 * 3. A skeleton keeps what transliterations agree on: in Latin words the vowels go (a e
 *    i o u, and y except as the first letter: "Fathy"/"Fathi", "Osama"/"Usama"), as does
 *    an h closing a word after a vowel ("Sarah"), then doubled letters collapse
 *    ("Hassan"/"Hasan"). Arabic words only collapse doubled letters: Arabic writes no
 *    short vowels, so محمد and محمود, or عمر and عمرو, are different names. The skeleton
 *    is also the stored blocking key that finds candidates by index, so the rule stays
 *    cheap at 100K leads.
 *
 * Not matched: consonant typos ("Mohaned"), words joined or split ("Abdel Rahman" /
 * "Abdelrahman"), extra words ("Mohamed Ali Hassan"), and a Latin name against its
 * Arabic spelling.
 */
export function nameKey(name: string): string {
  return nameWords(name).sort(byCodeUnits).join(' ');
}

/** The blocking key of a name key (see above); empty when the key is empty. */
export function nameSkeleton(key: string): string {
  return key ? skeletonOfWords(key.split(' ')) : '';
}

/** A name's key and skeleton, as a lead row stores them. */
export interface NameKeys {
  key: string;
  skeleton: string;
}

/** Both keys of a name at once: one fold, one split. */
export function nameKeys(name: string): NameKeys {
  const words = nameWords(name).sort(byCodeUnits);
  return { key: words.join(' '), skeleton: words.length ? skeletonOfWords(words) : '' };
}

/** Whether two names may be one person's, by the rule above. */
export function similarNames(a: string, b: string): boolean {
  return similarNameKeys(nameKey(a), nameKey(b));
}

/** The rule on keys already made with `nameKey` (stored keys, sets of keys). */
export function similarNameKeys(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const shorter = Math.min(letterCount(a), letterCount(b));
  const allowed = shorter >= 10 ? 2 : shorter >= 4 ? 1 : 0;
  if (allowed === 0 || Math.abs(a.length - b.length) > allowed) return false;
  return nameSkeleton(a) === nameSkeleton(b) && editDistanceAtMost(a, b, allowed);
}

/**
 * Names seen so far, asked "is this one similar to any?" in a few lookups however many
 * there are: keys grouped by skeleton (a CSV import checks every row against every lead).
 */
export class SimilarNameSet {
  private readonly bySkeleton = new Map<string, Set<string>>();

  add(name: NameKeys): void {
    if (!name.key) return;
    let keys = this.bySkeleton.get(name.skeleton);
    if (!keys) this.bySkeleton.set(name.skeleton, (keys = new Set()));
    keys.add(name.key);
  }

  hasSimilar(name: NameKeys): boolean {
    const keys = name.key ? this.bySkeleton.get(name.skeleton) : undefined;
    if (!keys) return false;
    if (keys.has(name.key)) return true;
    for (const other of keys) if (similarNameKeys(name.key, other)) return true;
    return false;
  }
}

const WORD_BREAK = /[^\p{L}\p{N}]+/u;
const LATIN_WORD = /^[a-z]+$/;

function nameWords(name: string): string[] {
  return normalizeSearchText(name)
    .split(WORD_BREAK)
    .filter((w) => w.length > 0);
}

function skeletonOfWords(words: readonly string[]): string {
  return words.map(wordSkeleton).sort(byCodeUnits).join(' ');
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// One pass per word, not a chain of regular expressions: every lead write and every
// pulled lead computes it.
function wordSkeleton(word: string): string {
  const latin = LATIN_WORD.test(word);
  // y is a consonant only as the first letter: Yasmin, but Fathy = Fathi.
  const start = latin && word[0] === 'y' ? 1 : 0;
  let end = word.length;
  if (latin && end - start >= 2 && word[end - 1] === 'h' && isLatinVowel(word[end - 2]!)) end--;
  let skeleton = start ? 'y' : '';
  let last = skeleton;
  for (let i = start; i < end; i++) {
    const ch = word[i]!;
    if ((latin && isLatinVowel(ch)) || ch === last) continue;
    skeleton += ch;
    last = ch;
  }
  return skeleton;
}

function isLatinVowel(ch: string): boolean {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u' || ch === 'y';
}

function letterCount(key: string): number {
  return key.length - (key.split(' ').length - 1);
}

/**
 * Optimal string alignment distance (a swap of two neighbours is one edit), stopping as
 * soon as it must exceed `max`.
 */
function editDistanceAtMost(a: string, b: string, max: number): boolean {
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return false;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n]! <= max;
}
