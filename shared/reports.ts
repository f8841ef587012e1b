/**
 * Pipeline reports computed in SQL on the local database (`main/reports/`), as plain
 * objects the renderer draws. Times are ISO-8601 UTC; days are UTC calendar days.
 */
import type { CallOutcome, Stage } from './pipeline';

export const REPORT_NAMES = ['funnel', 'aging', 'activity', 'sources'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * What every report may be narrowed to. `from` is inclusive and `to` exclusive; either
 * may be left open. `ownerId` is the lead's owner (funnel, aging, sources) or the agent
 * who did the work (activity).
 */
export interface ReportFilter {
  from?: string | undefined;
  to?: string | undefined;
  ownerId?: string | undefined;
  source?: string | undefined;
}

export interface FunnelStage {
  stage: Stage;
  /** Live leads in this stage now (owner and source filters apply, the range does not). */
  leadsNow: number;
  /** Leads that entered this stage in the range: a stage move into it, or created in it. */
  entered: number;
  /** Of those, how many moved on to a later stage afterwards (up to now). */
  movedForward: number;
  /** movedForward / entered; null when nothing entered. */
  forwardRate: number | null;
}

export interface FunnelReport {
  filter: ReportFilter;
  asOf: string;
  stages: FunnelStage[];
  /** Leads closed in the range, by the outcome of their first close in it (a later won ↔ lost change does not count twice). */
  closedInRange: { won: number; lost: number };
  /** Live closed leads now, by outcome. */
  closedNow: { won: number; lost: number };
}

export interface AgingStage {
  stage: Stage;
  /** Live leads in this stage (those that entered it in the range, when one is given). */
  leads: number;
  /** Days since the lead entered its stage, nearest-rank percentiles, one decimal; null when empty. */
  medianDays: number | null;
  p90Days: number | null;
  /** Leads past the stage's `STALE_AFTER_DAYS` (whole days, as the board counts them). */
  stale: number;
}

export interface StaleLead {
  id: string;
  name: string;
  stage: Stage;
  /** Whole days in the stage. */
  days: number;
}

export interface AgingReport {
  filter: ReportFilter;
  asOf: string;
  stages: AgingStage[];
  /** The longest-waiting stale leads first, at most `STALE_LIST_LIMIT`. */
  staleLeads: StaleLead[];
}

export const STALE_LIST_LIMIT = 100;

export type CallsByOutcome = Record<CallOutcome, number>;

export interface AgentDay {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  calls: number;
  byOutcome: CallsByOutcome;
}

export interface AgentActivity {
  /** The author of the calls and follow-ups, the actor of the moves; null when unknown. */
  ownerId: string | null;
  calls: number;
  byOutcome: CallsByOutcome;
  /** Days with at least one call, oldest first. */
  days: AgentDay[];
  /** Follow-ups completed in the range. */
  followUpsDone: number;
  /** Open follow-ups due before now (the range does not apply). */
  followUpsOverdue: number;
  /** Stage moves made in the range. */
  stageMoves: number;
}

export interface ActivityReport {
  filter: ReportFilter;
  asOf: string;
  agents: AgentActivity[];
  /** Everyone's calls (as narrowed by the filter) per UTC day by outcome: days with a call, oldest first. */
  days: AgentDay[];
}

export interface SourcePerformance {
  /** Null for leads with no source. */
  source: string | null;
  /** Live leads created in the range. */
  leads: number;
  /** Of those, how many are closed won / closed lost now. */
  won: number;
  lost: number;
  /** won / (won + lost); null when none closed. */
  closeRate: number | null;
  /** won / leads; null when no leads. */
  winRate: number | null;
}

export interface SourcesReport {
  filter: ReportFilter;
  asOf: string;
  sources: SourcePerformance[];
}

export interface ReportOf {
  funnel: FunnelReport;
  aging: AgingReport;
  activity: ActivityReport;
  sources: SourcesReport;
}

export interface ReportCsv {
  filename: string;
  csv: string;
}
