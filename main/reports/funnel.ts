import { sql } from 'kysely';
import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import { STAGES, type Stage } from '../../shared/pipeline';
import type { FunnelReport, ReportFilter } from '../../shared/reports';
import { all, echo, inRange, leadMatches, rate, stageRank } from './report-sql';

/**
 * Leads per stage now, and stage-to-stage conversion over the range. A lead "entered"
 * a stage in the range when a stage move into it happened then, or when it was created
 * then in that stage (its first move's from-stage, else its stage now: creation is not
 * stored as an event). It "moved forward" when a later move took it to a later stage.
 */
export function funnelReport(store: SqlStore<ClientDatabase>, filter: ReportFilter, now: Date): FunnelReport {
  const leads = all(leadMatches(filter));
  const nowRows = store.all(
    sql<{ stage: string; outcome: string | null; n: number }>`
      SELECT l.stage AS stage, l.outcome AS outcome, count(*) AS n FROM leads l
      WHERE ${leads} GROUP BY l.stage, l.outcome`.compile(store.q),
  );

  const firstFrom = sql`(SELECT e1.from_stage FROM lead_events e1
    WHERE e1.lead_id = l.id AND e1.kind = 'stage_changed' ORDER BY e1.at, e1.id LIMIT 1)`;
  const entryRows = store.all(
    sql<{ stage: string; entered: number; forward: number; won: number; lost: number }>`
      WITH created AS MATERIALIZED (
        SELECT l.id AS id, l.stage AS stage, l.outcome AS outcome, l.created_at AS created_at, ${firstFrom} AS first_from
        FROM leads l WHERE ${all([...inRange('l.created_at', filter), ...leadMatches(filter)])}
      ),
      moves AS (
        SELECT e.lead_id AS lead_id, e.to_stage AS stage, e.at AS at, json_extract(e.data, '$.outcome') AS outcome
        FROM lead_events e JOIN leads l ON l.id = e.lead_id
        WHERE e.kind = 'stage_changed' AND ${all([...inRange('e.at', filter), ...leadMatches(filter)])}
        UNION ALL
        SELECT id, coalesce(first_from, stage), created_at, CASE WHEN first_from IS NULL THEN outcome END FROM created
      ),
      -- A lead's first entry into each stage in the range; with min(), SQLite takes the
      -- bare outcome column from that same row (the outcome of its first close).
      entries AS (
        SELECT lead_id, stage, min(at) AS at, outcome FROM moves GROUP BY lead_id, stage
      )
      SELECT x.stage AS stage, count(*) AS entered,
        sum(EXISTS (SELECT 1 FROM lead_events f WHERE f.lead_id = x.lead_id AND f.kind = 'stage_changed'
          AND f.at > x.at AND ${stageRank(sql.ref('f.to_stage'))} > ${stageRank(sql.ref('x.stage'))})) AS forward,
        sum(x.stage = 'closed' AND x.outcome = 'won') AS won,
        sum(x.stage = 'closed' AND x.outcome = 'lost') AS lost
      FROM entries x GROUP BY x.stage`.compile(store.q),
  );

  const byStage = new Map(entryRows.map((r) => [r.stage, r]));
  const countNow = (stage: Stage, outcome?: string) =>
    nowRows.filter((r) => r.stage === stage && (outcome === undefined || r.outcome === outcome)).reduce((n, r) => n + r.n, 0);
  const closed = byStage.get('closed');
  return {
    filter: echo(filter),
    asOf: now.toISOString(),
    stages: STAGES.map((stage) => {
      const row = byStage.get(stage);
      const entered = row?.entered ?? 0;
      const movedForward = row?.forward ?? 0;
      return { stage, leadsNow: countNow(stage), entered, movedForward, forwardRate: rate(movedForward, entered) };
    }),
    closedInRange: { won: closed?.won ?? 0, lost: closed?.lost ?? 0 },
    closedNow: { won: countNow('closed', 'won'), lost: countNow('closed', 'lost') },
  };
}
