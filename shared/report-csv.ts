/**
 * A report as CSV (RFC 4180, CRLF line ends) that a spreadsheet opens safely: text that
 * would start a formula gets a leading `'` (`escapeCell`, shared with the importer), so a
 * lead named `=HYPERLINK(…)` stays text.
 */
import { escapeCell } from './csv-cells';
import { CALL_OUTCOMES } from './pipeline';
import type { ReportCsv, ReportName, ReportOf } from './reports';

type Cell = string | number | null;

/** One cell as CSV text: formula-leading text prefixed with `'`, then quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? escapeCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The report's rows, header first. */
export function reportRows<R extends ReportName>(name: R, report: ReportOf[R]): Cell[][] {
  switch (name) {
    case 'funnel': {
      const r = report as ReportOf['funnel'];
      return [
        ['stage', 'leads_now', 'entered', 'moved_forward', 'forward_rate', 'won', 'lost'],
        ...r.stages.map((s) => {
          const closed = s.stage === 'closed';
          return [s.stage, s.leadsNow, s.entered, s.movedForward, s.forwardRate, closed ? r.closedInRange.won : null, closed ? r.closedInRange.lost : null];
        }),
      ];
    }
    case 'aging': {
      const r = report as ReportOf['aging'];
      return [['lead_id', 'name', 'stage', 'days_in_stage'], ...r.staleLeads.map((l) => [l.id, l.name, l.stage, l.days])];
    }
    case 'activity': {
      const r = report as ReportOf['activity'];
      // Totals per agent, then (after an empty line) each agent's calls per day by outcome.
      return [
        ['owner_id', 'calls', ...CALL_OUTCOMES, 'follow_ups_done', 'follow_ups_overdue', 'stage_moves'],
        ...r.agents.map((a) => [a.ownerId, a.calls, ...CALL_OUTCOMES.map((o) => a.byOutcome[o]), a.followUpsDone, a.followUpsOverdue, a.stageMoves]),
        [],
        ['day', 'owner_id', 'calls', ...CALL_OUTCOMES],
        ...r.agents
          .flatMap((a) => a.days.map((d) => [d.day, a.ownerId, d.calls, ...CALL_OUTCOMES.map((o) => d.byOutcome[o])]))
          .sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0)),
      ];
    }
    case 'sources': {
      const r = report as ReportOf['sources'];
      return [
        ['source', 'leads', 'won', 'lost', 'close_rate', 'win_rate'],
        ...r.sources.map((s) => [s.source, s.leads, s.won, s.lost, s.closeRate, s.winRate]),
      ];
    }
  }
  throw new Error(`unknown report ${String(name)}`);
}

/** The CSV file for a report, named after it and the day it was made (UTC). */
export function reportCsv<R extends ReportName>(name: R, report: ReportOf[R]): ReportCsv {
  return { filename: `fieldline-${name}-${report.asOf.slice(0, 10)}.csv`, csv: toCsv(reportRows(name, report)) };
}
