import { looksLikePhone, normalizePhone, toAsciiDigits, type Phone } from '../../shared/phone';
import { normalizeSearchText, phoneSearchTokens, searchWords } from '../../shared/search-text';
import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';

export interface SearchableLead {
  name: string;
  phones: readonly Phone[];
  email: string | null;
  notes: string;
}

// Named raw SQL: FTS5 is outside what the query builder can express.
const INSERT = `INSERT INTO leads_fts (rowid, name, phones, phones_rev, email, notes) VALUES (?, ?, ?, ?, ?, ?)`;
const DELETE = `DELETE FROM leads_fts WHERE rowid = ?`;

/** Keeps the contentless FTS5 index in step with `leads`, always inside the caller's transaction. */
export class SearchIndex {
  constructor(private readonly store: SqlStore<ClientDatabase>) {}

  add(seq: number, lead: SearchableLead): void {
    this.store.statement(INSERT).run(seq, ...searchColumns(lead));
  }

  replace(seq: number, lead: SearchableLead): void {
    this.remove(seq);
    this.add(seq, lead);
  }

  remove(seq: number): void {
    this.store.statement(DELETE).run(seq);
  }
}

export function searchColumns(lead: SearchableLead): [string, string, string, string, string] {
  const phones = phoneSearchTokens(lead.phones);
  return [
    normalizeSearchText(lead.name),
    phones.forward,
    phones.reversed,
    normalizeSearchText(lead.email ?? ''),
    normalizeSearchText(lead.notes),
  ];
}

/**
 * Turns what the user typed into an FTS5 query: every word must match as a prefix;
 * a word of digits also matches the end of a phone. Returns null when nothing is searchable.
 */
export function toFtsQuery(text: string): string | null {
  const typed = text.trim();
  const ascii = toAsciiDigits(typed);
  if (looksLikePhone(ascii)) {
    // A number typed with its country code (`0020…`, `+20 (0) …`) is looked up as it is
    // indexed, in E.164; anything shorter stays digits, matched as a phone's last digits.
    const international = /^(\+|00)/.test(ascii) ? normalizePhone(ascii).e164 : null;
    const digits = international ? international.slice(1) : ascii.replace(/\D/g, '');
    return digits ? digitsTerm(digits) : null;
  }
  const words = searchWords(typed);
  if (words.length === 0) return null;
  const textTerm = (w: string) => `{name phones email notes} : "${w}"*`;
  return words
    .map((w) => {
      const digits = toAsciiDigits(w);
      if (!/^\d+$/.test(digits)) return textTerm(w);
      // Phones are indexed in ASCII digits, notes as typed (Arabic-Indic digits stay so).
      return digits === w ? digitsTerm(w) : `(${digitsTerm(digits)} OR ${textTerm(w)})`;
    })
    .join(' AND ');
}

function digitsTerm(digits: string): string {
  const reversed = [...digits].reverse().join('');
  return `({phones_rev} : "${reversed}"* OR {name phones email notes} : "${digits}"*)`;
}
