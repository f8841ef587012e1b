import { memo, type ReactNode } from 'react';
import type { LeadSort } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS } from '../../../shared/pipeline';
import { formatDay, formatFull } from './dates';
import type { Direction } from './lead-query';

/** What a row shows besides the lead itself. */
interface RowFacts {
  /** The owner's name; null when nobody owns the lead yet. */
  ownerName: string | null;
  /** Now, as an ISO timestamp, to tell overdue follow-ups (it moves once a minute). */
  nowIso: string;
}

interface Column {
  label: string;
  /** The sort a click on the header applies; columns without one do not sort. */
  sort?: LeadSort;
  cell: (lead: Lead, facts: RowFacts) => ReactNode;
}

function When(props: { iso: string | null; nowIso: string }) {
  if (!props.iso) return null;
  return (
    <time dateTime={props.iso} title={formatFull(props.iso)}>
      {formatDay(props.iso, new Date(props.nowIso))}
    </time>
  );
}

/** The table's columns, header and cells in one place so they cannot drift apart. */
const COLUMNS: readonly Column[] = [
  { label: 'Name', sort: 'name', cell: (lead) => <span dir="auto">{lead.name}</span> },
  { label: 'Phone', cell: (lead) => <span dir="ltr">{lead.phones[0]?.raw}</span> },
  { label: 'Email', cell: (lead) => lead.email },
  {
    label: 'Stage',
    cell: (lead) =>
      lead.outcome === 'won' ? (
        <span className="badge ok">Won</span>
      ) : lead.outcome === 'lost' ? (
        <span className="badge danger">Lost</span>
      ) : (
        STAGE_LABELS[lead.stage]
      ),
  },
  { label: 'Owner', cell: (_, facts) => facts.ownerName ?? <span className="muted">Unassigned</span> },
  {
    label: 'Next follow-up',
    sort: 'nextFollowUp',
    cell: (lead, facts) => {
      const due = lead.nextFollowUpAt;
      if (!due || due >= facts.nowIso) return <When iso={due} nowIso={facts.nowIso} />;
      return (
        <span className="leads-overdue">
          <When iso={due} nowIso={facts.nowIso} />
          <span className="sr-only"> (overdue)</span>
        </span>
      );
    },
  },
  { label: 'Last contacted', cell: (lead, facts) => <When iso={lead.lastContactedAt} nowIso={facts.nowIso} /> },
  { label: 'Updated', sort: 'updated', cell: (lead, facts) => <When iso={lead.updatedAt} nowIso={facts.nowIso} /> },
  { label: 'Created', sort: 'created', cell: (lead, facts) => <When iso={lead.createdAt} nowIso={facts.nowIso} /> },
];

/** The DOM id of a lead's row, for the grid's aria-activedescendant. */
export function rowDomId(leadId: string): string {
  return `leads-row-${leadId}`;
}

/** One lead in the table; memoised so scrolling re-renders only rows that enter the view. */
export const LeadRow = memo(function LeadRow(
  props: RowFacts & {
    lead: Lead;
    index: number;
    /** Offset from the top of the table, from the virtualizer. */
    top: number;
    selected: boolean;
    onPick: (id: string, index: number) => void;
  },
) {
  const { lead, index } = props;
  return (
    <div
      role="row"
      id={rowDomId(lead.id)}
      data-lead-id={lead.id}
      // Row 1 is the header.
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className="leads-row"
      style={{ transform: `translateY(${props.top}px)` }}
      onClick={() => props.onPick(lead.id, index)}
    >
      {COLUMNS.map((column) => (
        <div role="gridcell" key={column.label} className="leads-cell">
          {column.cell(lead, props)}
        </div>
      ))}
    </div>
  );
});

/** The column headers; a click on a sortable one sorts by it, a second click reverses it. */
export function HeaderRow(props: { sort: LeadSort; direction: Direction; onSort: (sort: LeadSort) => void }) {
  return (
    // Row 1 of the grid.
    <div role="row" aria-rowindex={1} className="leads-row leads-head-row">
      {COLUMNS.map(({ label, sort }) => {
        const sorted = sort === props.sort;
        return (
          <div
            role="columnheader"
            key={label}
            className="leads-cell"
            aria-sort={sorted ? (props.direction === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {sort ? (
              <button type="button" className="leads-sort" onClick={() => props.onSort(sort)}>
                {label}
                <span aria-hidden="true" className="leads-sort-arrow">
                  {sorted ? (props.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            ) : (
              label
            )}
          </div>
        );
      })}
    </div>
  );
}
