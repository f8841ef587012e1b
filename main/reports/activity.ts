import { sql } from 'kysely';
import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import { CALL_OUTCOMES, type CallOutcome } from '../../shared/pipeline';
import type { ActivityReport, AgentActivity, AgentDay, CallsByOutcome, ReportFilter } from '../../shared/reports';
import { all, echo, inRange } from './report-sql';

const noCalls = (): CallsByOutcome => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as CallsByOutcome;

/**
 * What each agent did: calls per UTC day by outcome (also summed over agents, for the
 * per-day chart) and follow-ups completed in the range, stage moves made in the range, and follow-ups overdue now. The agent is the
 * call's and follow-up's author and the move's actor; `ownerId` narrows to one agent,
 * `source` to work on leads from that source. Work on deleted leads is left out.
 */
export function activityReport(store: SqlStore<ClientDatabase>, filter: ReportFilter, now: Date): ActivityReport {
  const asOf = now.toISOString();
  // A set test, not a join: SQLite builds the (small) set of excluded or chosen lead ids
  // once, instead of looking up each of 300K calls' lead row.
  const leads = (column: string) => [
    filter.source
      ? sql`${sql.ref(column)} IN (SELECT id FROM leads WHERE deleted = 0 AND source = ${filter.source})`
      : sql`${sql.ref(column)} NOT IN (SELECT id FROM leads WHERE deleted = 1)`,
  ];
  const by = (column: string) => (filter.ownerId ? [sql`${sql.ref(column)} = ${filter.ownerId}`] : []);

  const calls = store.all(
    sql<{ agent: string | null; day: string; outcome: string; n: number }>`
      SELECT c.author_id AS agent, substr(c.occurred_at, 1, 10) AS day, c.outcome AS outcome, count(*) AS n
      FROM call_logs c
      WHERE ${all([...inRange('c.occurred_at', filter), ...by('c.author_id'), ...leads('c.lead_id')])}
      GROUP BY c.author_id, day, c.outcome`.compile(store.q),
  );
  const done = store.all(
    sql<{ agent: string | null; n: number }>`
      SELECT t.author_id AS agent, count(*) AS n FROM tasks t
      WHERE t.done_at IS NOT NULL AND ${all([...inRange('t.done_at', filter), ...by('t.author_id'), ...leads('t.lead_id')])}
      GROUP BY 1`.compile(store.q),
  );
  const overdue = store.all(
    sql<{ agent: string | null; n: number }>`
      SELECT t.author_id AS agent, count(*) AS n FROM tasks t
      WHERE t.done_at IS NULL AND t.due_at < ${asOf} AND ${all([...by('t.author_id'), ...leads('t.lead_id')])}
      GROUP BY 1`.compile(store.q),
  );
  const moves = store.all(
    sql<{ agent: string | null; n: number }>`
      SELECT e.actor_id AS agent, count(*) AS n FROM lead_events e
      WHERE e.kind = 'stage_changed' AND ${all([...inRange('e.at', filter), ...by('e.actor_id'), ...leads('e.lead_id')])}
      GROUP BY 1`.compile(store.q),
  );

  const agents = new Map<string | null, AgentActivity>();
  const team = new Map<string, AgentDay>();
  const agent = (id: string | null): AgentActivity => {
    let a = agents.get(id);
    if (!a) {
      a = { ownerId: id, calls: 0, byOutcome: noCalls(), days: [], followUpsDone: 0, followUpsOverdue: 0, stageMoves: 0 };
      agents.set(id, a);
    }
    return a;
  };
  for (const row of calls) {
    const a = agent(row.agent);
    const outcome = row.outcome as CallOutcome;
    let day = a.days[a.days.length - 1];
    if (day?.day !== row.day) a.days.push((day = { day: row.day, calls: 0, byOutcome: noCalls() }));
    day.calls += row.n;
    day.byOutcome[outcome] += row.n;
    a.calls += row.n;
    a.byOutcome[outcome] += row.n;
    let all = team.get(row.day);
    if (!all) team.set(row.day, (all = { day: row.day, calls: 0, byOutcome: noCalls() }));
    all.calls += row.n;
    all.byOutcome[outcome] += row.n;
  }
  for (const row of done) agent(row.agent).followUpsDone = row.n;
  for (const row of overdue) agent(row.agent).followUpsOverdue = row.n;
  for (const row of moves) agent(row.agent).stageMoves = row.n;
  for (const a of agents.values()) a.days.sort((x, y) => (x.day < y.day ? -1 : 1));

  return {
    filter: echo(filter),
    asOf,
    agents: [...agents.values()].sort((x, y) => (x.ownerId === y.ownerId ? 0 : x.ownerId === null ? 1 : y.ownerId === null ? -1 : x.ownerId < y.ownerId ? -1 : 1)),
    days: [...team.values()].sort((x, y) => (x.day < y.day ? -1 : 1)),
  };
}
