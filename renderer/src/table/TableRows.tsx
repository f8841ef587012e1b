import { memo, useEffect, useRef, type ReactNode } from 'react';
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
    /** Ticked for a bulk action. */
    checked: boolean;
    /** Ticks or unticks the row; `range` (Shift) ticks every row from the last one ticked. */
    onToggle: (id: string, index: number, range: boolean) => void;
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
      className={props.checked ? 'leads-row leads-row-checked' : 'leads-row'}
      style={{ transform: `translateY(${props.top}px)` }}
      onClick={() => props.onPick(lead.id, index)}
    >
      <div role="gridcell" className="leads-cell leads-check-cell">
        {/* The whole cell is the tick's target; a click here never opens the lead. */}
        <label className="leads-check" onClick={(event) => event.stopPropagation()}>
          <input
            type="checkbox"
            // The grid is one tab stop: Space ticks the selected row.
            tabIndex={-1}
            aria-label={`Select ${lead.name}`}
            checked={props.checked}
            onChange={(event) => props.onToggle(lead.id, index, (event.nativeEvent as MouseEvent).shiftKey === true)}
          />
        </label>
      </div>
      {COLUMNS.map((column) => (
        <div role="gridcell" key={column.label} className="leads-cell">
          {column.cell(lead, props)}
        </div>
      ))}
    </div>
  );
});

/** The column headers; a click on a sortable one sorts by it, a second click reverses it. */
export function HeaderRow(props: {
  sort: LeadSort;
  direction: Direction;
  onSort: (sort: LeadSort) => void;
  /** How many of the shown rows are ticked. */
  ticked: 'none' | 'some' | 'all';
  onTickAll: () => void;
}) {
  return (
    // Row 1 of the grid.
    <div role="row" aria-rowindex={1} className="leads-row leads-head-row">
      <div role="columnheader" className="leads-cell leads-check-cell">
        <TickAll ticked={props.ticked} onTickAll={props.onTickAll} />
      </div>
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

/** Ticks every shown row, or clears the ticks; half-ticked when some are. */
function TickAll(props: { ticked: 'none' | 'some' | 'all'; onTickAll: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.ticked === 'some';
  }, [props.ticked]);
  return (
    <label className="leads-check">
      <input ref={ref} type="checkbox" aria-label="Select all shown leads" checked={props.ticked === 'all'} onChange={props.onTickAll} />
    </label>
  );
}
