import { sql } from 'kysely';
import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import { STAGES, STALE_AFTER_DAYS, type Stage } from '../../shared/pipeline';
import { STALE_LIST_LIMIT, type AgingReport, type ReportFilter } from '../../shared/reports';
import { all, echo, inRange, leadMatches, staleLimit } from './report-sql';

const DAY_MS = 86_400_000;

/**
 * Days each live lead has sat in its stage (now − stage_entered_at): per stage the
 * count, nearest-rank median and p90, how many are stale, and the stale leads
 * themselves, longest-waiting first. The range narrows to leads that entered their
 * stage in it.
 */
export function agingReport(store: SqlStore<ClientDatabase>, filter: ReportFilter, now: Date): AgingReport {
  const asOf = now.toISOString();
  const where = all([...leadMatches(filter), ...inRange('l.stage_entered_at', filter)]);
  const days = sql<number>`(julianday(${asOf}) - julianday(l.stage_entered_at))`;
  const rows = store.all(
    sql<{ stage: string; n: number; median: number; p90: number; stale: number }>`
      WITH aged AS (
        SELECT l.stage AS stage, ${days} AS days, ${staleLimit(sql.ref('l.stage'))} AS limit_days,
          row_number() OVER (PARTITION BY l.stage ORDER BY l.stage_entered_at DESC, l.seq) AS rn,
          count(*) OVER (PARTITION BY l.stage) AS n
        FROM leads l WHERE ${where}
      )
      SELECT stage, min(n) AS n,
        max(CASE WHEN rn = (n * 50 + 99) / 100 THEN days END) AS median,
        max(CASE WHEN rn = (n * 90 + 99) / 100 THEN days END) AS p90,
        sum(limit_days IS NOT NULL AND days >= limit_days + 1) AS stale
      FROM aged GROUP BY stage`.compile(store.q),
  );

  // Stale means more whole days than the limit: entered at or before now − (limit + 1) days.
  const cutoffs = STAGES.flatMap((stage) => {
    const limit = STALE_AFTER_DAYS[stage];
    if (limit === null) return [];
    const cutoff = new Date(now.getTime() - (limit + 1) * DAY_MS).toISOString();
    return [sql`(l.stage = ${stage} AND l.stage_entered_at <= ${cutoff})`];
  });
  const stale = store.all(
    sql<{ id: string; name: string; stage: string; entered: string }>`
      SELECT l.id AS id, l.name AS name, l.stage AS stage, l.stage_entered_at AS entered FROM leads l
      WHERE ${where} AND (${sql.join(cutoffs, sql` OR `)})
      ORDER BY l.stage_entered_at, l.seq LIMIT ${STALE_LIST_LIMIT}`.compile(store.q),
  );

  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const oneDecimal = (v: number | undefined) => (v === undefined || v === null ? null : Math.round(Math.max(0, v) * 10) / 10);
  return {
    filter: echo(filter),
    asOf,
    stages: STAGES.map((stage) => {
      const row = byStage.get(stage);
      return { stage, leads: row?.n ?? 0, medianDays: oneDecimal(row?.median), p90Days: oneDecimal(row?.p90), stale: row?.stale ?? 0 };
    }),
    staleLeads: stale.map((l) => ({
      id: l.id,
      name: l.name,
      stage: l.stage as Stage,
      days: Math.floor((now.getTime() - Date.parse(l.entered)) / DAY_MS),
    })),
  };
}
