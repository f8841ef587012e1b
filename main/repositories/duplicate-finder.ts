import { sql, type SqlBool } from 'kysely';
import { duplicateKeys, isDuplicate, nameKey, nameSkeleton, similarNameKeys, type DuplicateKeys } from '../../shared/duplicates';
import type { DuplicatePair, DuplicateReason } from '../../shared/contract';
import type { Lead } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { Phone } from '../../shared/phone';
import { normalizeSearchText } from '../../shared/search-text';
import type { RepositoryContext } from './context';
import { toLead, type LeadRow } from './lead-rows';

/** One pair as the pair queries answer it: the newer lead first (by creation, then seq). */
interface PairRow {
  newer: number;
  older: number;
  newerCreated: string;
  olderCreated: string;
}

/*
 * Named raw SQL for the possible-duplicates list. Pairs come newest first (by the newer
 * lead's creation, then the older one's), at most the limit. Two leads are in one branch
 * when their branches are equal or one is not known yet (a lead not synced yet gets the
 * creator's branch from the server). Pairs the user dismissed are left out.
 */
const SAME_BRANCH = `(a.branch_id = b.branch_id OR a.branch_id IS NULL OR b.branch_id IS NULL)`;
const NOT_DISMISSED = `NOT EXISTS (SELECT 1 FROM duplicate_dismissals WHERE lead_a = min(a.id, b.id) AND lead_b = max(a.id, b.id))`;
const PAIR_ORDER = `ORDER BY a.created_at DESC, a.seq DESC, b.created_at DESC, b.seq DESC LIMIT ?`;
const PAIR_COLUMNS = `a.seq AS newer, b.seq AS older, a.created_at AS newerCreated, b.created_at AS olderCreated`;
const OLDER = `(b.created_at, b.seq) < (a.created_at, a.seq)`;

/**
 * Similar names: for each live lead, newest first, the older live leads with its
 * skeleton (an index range), kept when the shared rule says similar. It stops at the
 * limit, so with many similar names it reads a few leads; with none it probes each lead
 * once (about 100 ms at 100K on the build machine).
 */
const NAME_PAIRS = `
  SELECT ${PAIR_COLUMNS}
  FROM leads AS a INDEXED BY leads_by_created
  JOIN leads AS b INDEXED BY leads_by_name_skeleton
    ON b.name_skeleton = a.name_skeleton AND b.deleted = 0 AND ${OLDER}
  WHERE a.deleted = 0 AND ${SAME_BRANCH}
    AND (a.name_key = b.name_key OR fieldline_similar_name_keys(a.name_key, b.name_key))
    AND ${NOT_DISMISSED}
  ${PAIR_ORDER}`;

/** Equal emails (stored lower-cased by the contract): the shared ones, grouped over their index, then paired. */
const EMAIL_PAIRS = `
  WITH shared AS (
    SELECT email FROM leads INDEXED BY leads_by_email WHERE deleted = 0 AND email IS NOT NULL GROUP BY email HAVING count(*) > 1
  )
  SELECT ${PAIR_COLUMNS}
  FROM shared
  JOIN leads AS a INDEXED BY leads_by_email ON a.email = shared.email AND a.deleted = 0
  JOIN leads AS b INDEXED BY leads_by_email ON b.email = a.email AND b.deleted = 0 AND ${OLDER}
  WHERE ${SAME_BRANCH} AND ${NOT_DISMISSED}
  ${PAIR_ORDER}`;

/**
 * Phone-digit terms two or more leads have in the search index's phones column (read
 * from the index itself through an fts5vocab table, so no other index slows writes).
 */
const SHARED_PHONE_TERMS = `SELECT term FROM temp.leads_fts_terms WHERE term >= '0' AND term < ':' AND col = 'phones' AND doc > 1`;
/** How many shared terms one search asks for. */
const TERMS_PER_QUERY = 100;

/**
 * Finds live leads that may be the same person by the shared rules (shared/duplicates.ts):
 * the same phone or email (in any branch for the new-lead warning and imports), and
 * similar names; the managers' list pairs leads of one branch by all three. The search
 * index and the name-skeleton index narrow the candidates; the rules decide.
 */
export class DuplicateFinder {
  constructor(private readonly ctx: RepositoryContext) {
    // The rules themselves, callable from the pair queries (pure, so deterministic).
    const { connection } = ctx.store;
    connection.function('fieldline_similar_name_keys', { deterministic: true }, (a: unknown, b: unknown) =>
      typeof a === 'string' && typeof b === 'string' && similarNameKeys(a, b) ? 1 : 0,
    );
    // The search index's terms, per column, with how many leads hold each (temp: nothing is stored).
    connection.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.leads_fts_terms USING fts5vocab(main, leads_fts, 'col')`);
  }

  /**
   * Live leads that may be the person being entered: the same phone or email first,
   * then (given a name) similar names in the branch (or any branch, when the new lead's
   * branch is not known yet), newest first.
   */
  find(
    input: { phones: readonly (Phone | string)[]; email: string | null | undefined; name?: string | null | undefined; branchId?: string | null | undefined },
    excludeId?: string,
    limit = 5,
  ): Lead[] {
    const keys = duplicateKeys(input);
    // A stored lead's pairs the user called "not duplicates" stay out, here as in the list.
    const dismissed = excludeId ? this.dismissedWith(excludeId) : new Set<string>();
    const same = this.sameContact(keys, excludeId, limit + dismissed.size).filter((lead) => !dismissed.has(lead.id));
    if (same.length >= limit || !input.name) return same.slice(0, limit);
    const seen = new Set([...same.map((lead) => lead.id), ...dismissed]);
    const similar = this.similarNamed(input.name, input.branchId ?? null, excludeId, limit + seen.size).filter((lead) => !seen.has(lead.id));
    return [...same, ...similar].slice(0, limit);
  }

  /** The leads the user said are not the same person as `leadId`. */
  private dismissedWith(leadId: string): Set<string> {
    const { store } = this.ctx;
    const rows = store.all(
      store.q
        .selectFrom('duplicate_dismissals')
        .select(['lead_a', 'lead_b'])
        .where((e) => e.or([e('lead_a', '=', leadId), e('lead_b', '=', leadId)])),
    );
    return new Set(rows.map((r) => (r.lead_a === leadId ? r.lead_b : r.lead_a)));
  }

  /** Pairs of live leads that may be one person, newest first, each pair once, for the managers' list. */
  possiblePairs(limit: number): DuplicatePair[] {
    const { store } = this.ctx;
    // The pair queries walk the email and name-skeleton indexes, which a bulk load into
    // an empty database sets aside until it ends (db/indexes-set-aside.ts).
    if (store.first(store.q.selectFrom('indexes_set_aside').select('name').limit(1))) {
      throw new AppError('busy', 'Possible duplicates can be listed once the leads being loaded (an import or a first sync) are all in.');
    }
    const pairs = new Map<string, PairRow & { reasons: Set<DuplicateReason> }>();
    const sources: [DuplicateReason, PairRow[]][] = [
      ['phone', this.phonePairs(limit)],
      ['email', store.statement(EMAIL_PAIRS).all(limit) as PairRow[]],
      ['similar_name', store.statement(NAME_PAIRS).all(limit) as PairRow[]],
    ];
    // Each source answers its own newest `limit` pairs; the newest `limit` of all of them
    // are among those (a pair's place in one source is never lower than its place overall).
    for (const [reason, rows] of sources) {
      for (const row of rows) {
        const key = `${row.newer}:${row.older}`;
        const pair = pairs.get(key) ?? { ...row, reasons: new Set<DuplicateReason>() };
        pair.reasons.add(reason);
        pairs.set(key, pair);
      }
    }
    const newestFirst = [...pairs.values()]
      .sort((x, y) => compareDesc([x.newerCreated, x.newer, x.olderCreated, x.older], [y.newerCreated, y.newer, y.olderCreated, y.older]))
      .slice(0, limit);
    const leads = this.leadsBySeq(newestFirst.flatMap((pair) => [pair.newer, pair.older]));
    return newestFirst.map((pair) => ({
      leads: [leads.get(pair.newer)!, leads.get(pair.older)!],
      reasons: DUPLICATE_REASON_ORDER.filter((reason) => pair.reasons.has(reason)),
    }));
  }

  /** Leaves a pair out of the list from now on: the user says they are two people. */
  dismissPair(leadId: string, otherId: string): void {
    if (leadId === otherId) throw new AppError('invalid_input', 'a lead cannot be a duplicate of itself');
    const { store } = this.ctx;
    for (const id of [leadId, otherId]) {
      if (!store.first(store.q.selectFrom('leads').select('id').where('id', '=', id))) throw new AppError('not_found', `No lead with id ${id}.`);
    }
    const [a, b] = leadId < otherId ? [leadId, otherId] : [otherId, leadId];
    store.run(
      store.q
        .insertInto('duplicate_dismissals')
        .values({ lead_a: a, lead_b: b, dismissed_at: this.ctx.now().toISOString() })
        .onConflict((oc) => oc.doNothing()),
    );
    this.ctx.events.emit('leadsChanged', { ids: [a, b] });
  }

  /**
   * Pairs sharing phone digits, newest first, at most `limit`. The search index says
   * which digit terms several leads share (usually a handful); the shared rule then
   * decides on those leads alone.
   */
  private phonePairs(limit: number): PairRow[] {
    const { store } = this.ctx;
    const terms = (store.statement(SHARED_PHONE_TERMS).all() as { term: string }[]).map((row) => row.term);
    const groups = new Map<string, Map<number, PhoneGroupMember>>();
    for (let i = 0; i < terms.length; i += TERMS_PER_QUERY) {
      const match = terms
        .slice(i, i + TERMS_PER_QUERY)
        .map((term) => `{phones} : "${term}"`)
        .join(' OR ');
      const rows = store.all(
        store.q
          .selectFrom('leads')
          .select(['seq', 'id', 'created_at', 'branch_id', 'phones'])
          .where(sql<SqlBool>`deleted = 0`)
          .where(sql<SqlBool>`seq IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ${match})`),
      );
      for (const row of rows) {
        for (const digits of duplicateKeys({ phones: JSON.parse(row.phones) as Phone[], email: null }).phones) {
          const members = groups.get(digits) ?? new Map<number, PhoneGroupMember>();
          members.set(row.seq, row);
          groups.set(digits, members);
        }
      }
    }
    const dismissed = this.dismissedPairs();
    const pairs = new Map<string, PairRow>();
    for (const group of groups.values()) {
      if (group.size < 2) continue;
      const members = [...group.values()].sort((x, y) => compareDesc([x.created_at, x.seq], [y.created_at, y.seq]));
      // Newest first within the group too, so its first `limit` pairs are all it can add.
      let added = 0;
      for (let i = 0; i < members.length && added < limit; i++) {
        for (let j = i + 1; j < members.length && added < limit; j++) {
          const [a, b] = [members[i]!, members[j]!];
          if (a.branch_id !== null && b.branch_id !== null && a.branch_id !== b.branch_id) continue;
          if (dismissed.has(pairKey(a.id, b.id))) continue;
          pairs.set(`${a.seq}:${b.seq}`, { newer: a.seq, older: b.seq, newerCreated: a.created_at, olderCreated: b.created_at });
          added++;
        }
      }
    }
    return [...pairs.values()];
  }

  private dismissedPairs(): Set<string> {
    const { store } = this.ctx;
    return new Set(store.all(store.q.selectFrom('duplicate_dismissals').select(['lead_a', 'lead_b'])).map((r) => pairKey(r.lead_a, r.lead_b)));
  }

  private sameContact(keys: DuplicateKeys, excludeId: string | undefined, limit: number): Lead[] {
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

  private similarNamed(name: string, branchId: string | null, excludeId: string | undefined, limit: number): Lead[] {
    const key = nameKey(name);
    if (!key) return [];
    const { store } = this.ctx;
    let query = store.q
      .selectFrom('leads')
      .selectAll()
      .where(sql<SqlBool>`deleted = 0`)
      .where('name_skeleton', '=', nameSkeleton(key))
      .where(sql<SqlBool>`(name_key = ${key} OR fieldline_similar_name_keys(name_key, ${key}))`)
      .orderBy('created_at', 'desc')
      .limit(limit);
    if (branchId) query = query.where((e) => e.or([e('branch_id', '=', branchId), e('branch_id', 'is', null)]));
    if (excludeId) query = query.where('id', '!=', excludeId);
    return (store.all(query) as LeadRow[]).map(toLead);
  }

  private leadsBySeq(seqs: number[]): Map<number, Lead> {
    if (seqs.length === 0) return new Map();
    const { store } = this.ctx;
    const rows = store.all(store.q.selectFrom('leads').selectAll().where('seq', 'in', [...new Set(seqs)])) as LeadRow[];
    return new Map(rows.map((row) => [row.seq, toLead(row)]));
  }
}

interface PhoneGroupMember {
  seq: number;
  id: string;
  created_at: string;
  branch_id: string | null;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

const DUPLICATE_REASON_ORDER: readonly DuplicateReason[] = ['phone', 'email', 'similar_name'];

function compareDesc(x: readonly (string | number)[], y: readonly (string | number)[]): number {
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < y[i]!) return 1;
    if (x[i]! > y[i]!) return -1;
  }
  return 0;
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
