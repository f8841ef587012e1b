import { sql, type SqlBool } from 'kysely';
import { duplicateKeys, isDuplicate, type DuplicateKeys } from '../../shared/duplicates';
import type { DuplicatePair } from '../../shared/contract';
import type { Lead } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { Phone } from '../../shared/phone';
import { normalizeSearchText } from '../../shared/search-text';
import type { RepositoryContext } from './context';
import { toLead, type LeadRow } from './lead-rows';

/**
 * Finds live leads that are the same person by the shared rule (shared/duplicates.ts).
 * The search index narrows the candidates (exact phone-digit tokens, the email's
 * words as a phrase) so it costs a few index lookups at 100K leads; the rule itself
 * decides.
 */
export class DuplicateFinder {
  constructor(private readonly ctx: RepositoryContext) {}

  find(input: { phones: readonly (Phone | string)[]; email: string | null | undefined }, excludeId?: string, limit = 5): Lead[] {
    const keys = duplicateKeys(input);
    const match = ftsMatch(keys);
    if (!match) return [];
    const { store } = this.ctx;
    let query = store.q
      .selectFrom('leads')
      .selectAll()
      .where(sql<SqlBool>`deleted = 0`)
      .where(sql<SqlBool>`seq IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ${match})`)
      .orderBy('updated_at', 'desc')
      .limit(50);
    if (excludeId) query = query.where('id', '!=', excludeId);
    const rows = store.all(query) as LeadRow[];
    return rows
      .map(toLead)
      .filter((lead) => isDuplicate(keys, lead))
      .slice(0, limit);
  }

  /** Pairs of live leads that may be one person, for the managers' list. */
  possiblePairs(limit: number): DuplicatePair[] {
    // WIP (duplicates helper): replaced by the real finder.
    void limit;
    throw new AppError('internal', 'possible duplicates are not built yet');
  }
}

function ftsMatch(keys: DuplicateKeys): string | null {
  const terms = keys.phones.map((digits) => `{phones} : "${digits}"`);
  if (keys.email) {
    const words = normalizeSearchText(keys.email)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length) terms.push(`{email} : "${words.join(' ')}"`);
  }
  return terms.length ? terms.join(' OR ') : null;
}
