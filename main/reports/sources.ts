import { sql } from 'kysely';
import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import type { ReportFilter, SourcesReport } from '../../shared/reports';
import { all, echo, inRange, leadMatches, rate } from './report-sql';

/**
 * Per source, the live leads created in the range and how many of them are closed won
 * or lost now. Largest source first; leads without a source form one row (`null`).
 */
export function sourcesReport(store: SqlStore<ClientDatabase>, filter: ReportFilter, now: Date): SourcesReport {
  const rows = store.all(
    sql<{ source: string | null; leads: number; won: number; lost: number }>`
      SELECT l.source AS source, count(*) AS leads,
        sum(l.stage = 'closed' AND l.outcome = 'won') AS won,
        sum(l.stage = 'closed' AND l.outcome = 'lost') AS lost
      FROM leads l WHERE ${all([...leadMatches(filter), ...inRange('l.created_at', filter)])}
      GROUP BY l.source ORDER BY leads DESC, l.source`.compile(store.q),
  );
  return {
    filter: echo(filter),
    asOf: now.toISOString(),
    sources: rows.map((r) => ({ ...r, closeRate: rate(r.won, r.won + r.lost), winRate: rate(r.won, r.leads) })),
  };
}
