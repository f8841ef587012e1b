import { useDroppable } from '@dnd-kit/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { STAGE_LABELS, type Stage } from '../../../shared/pipeline';
import type { ColumnState } from './board-state';
import { LeadCard, type CardHandlers } from './LeadCard';

/** Card height (76px, board.css) plus the gap under it; fixed, so jumping to any index is exact. */
const ROW_HEIGHT = 84;
/** Ask for the next page this many cards before the user reaches the end of what is loaded. */
const PREFETCH_ROWS = 15;
/** How many cards down from the top of the view to look for one to keep in place. */
const ANCHOR_SEARCH = 30;

/** What the board asks of a column when the keyboard moves between cards. */
export interface ColumnHandle {
  /** Scrolls card `index` into view and focuses it. */
  focusIndex(index: number): void;
}

export const BoardColumn = memo(function BoardColumn(props: {
  stage: Stage;
  column: ColumnState;
  count: number | null;
  now: number;
  /** The card of this column that was focused last: the column's Tab stop. */
  currentId: string | null;
  selectedId: string | null;
  /** The card being dragged, kept rendered even when scrolled away (dnd-kit needs its node). */
  draggingId: string | null;
  /** A card the board wants focused once it is rendered (after a move or a jump). */
  focusRequest: RefObject<string | null>;
  handlers: CardHandlers;
  onNeedMore(stage: Stage): void;
  register(stage: Stage, handle: ColumnHandle | null): void;
}) {
  const { stage, column, focusRequest, onNeedMore, register } = props;
  const label = STAGE_LABELS[stage];
  const scrollRef = useRef<HTMLDivElement>(null);
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  const items = column.items;
  const hasMore = column.nextCursor !== null;
  const draggingIndex = props.draggingId ? items.findIndex((lead) => lead.id === props.draggingId) : -1;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return draggingIndex >= 0 && !indexes.includes(draggingIndex) ? [...indexes, draggingIndex].sort((a, b) => a - b) : indexes;
    },
    [draggingIndex],
  );
  const virtualizer = useVirtualizer({
    // One extra row at the end says more is loading.
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => items[index]?.id ?? 'more',
    overscan: 6,
    rangeExtractor,
  });
  const rows = virtualizer.getVirtualItems();

  // Scrolled into the list, the cards being read stay put when a move or a sync adds or
  // removes cards above them (at the very top, new cards simply appear first).
  const shownItems = useRef(items);
  useLayoutEffect(() => {
    const before = shownItems.current;
    shownItems.current = items;
    const scroller = scrollRef.current;
    if (!scroller || scroller.scrollTop <= 0 || before === items) return;
    const topIndex = Math.floor(scroller.scrollTop / ROW_HEIGHT);
    const offset = scroller.scrollTop - topIndex * ROW_HEIGHT;
    // The first card at or below the top of the view that is still in this column.
    for (let i = topIndex; i < Math.min(before.length, topIndex + ANCHOR_SEARCH); i++) {
      const index = items.findIndex((lead) => lead.id === before[i]!.id);
      if (index < 0) continue;
      if (index !== i) scroller.scrollTop = (index - (i - topIndex)) * ROW_HEIGHT + offset;
      return;
    }
  }, [items]);

  const lastRow = rows[rows.length - 1];
  const nearEnd = hasMore && lastRow !== undefined && lastRow.index >= items.length - PREFETCH_ROWS;
  useEffect(() => {
    if (nearEnd) onNeedMore(stage);
  }, [nearEnd, items.length, onNeedMore, stage]);

  const focusRendered = useCallback((id: string) => {
    const card = scrollRef.current?.querySelector<HTMLElement>(`[data-lead-id="${CSS.escape(id)}"]`);
    card?.focus();
    return card !== null && card !== undefined;
  }, []);
  // Focus a requested card as soon as scrolling has rendered it.
  useLayoutEffect(() => {
    const wanted = focusRequest.current;
    if (wanted && items.some((lead) => lead.id === wanted) && focusRendered(wanted)) focusRequest.current = null;
  });

  useEffect(() => {
    register(stage, {
      focusIndex(index) {
        const lead = items[index];
        if (!lead) return;
        virtualizer.scrollToIndex(index, { align: 'auto' });
        focusRequest.current = lead.id;
        if (focusRendered(lead.id)) focusRequest.current = null;
      },
    });
    return () => register(stage, null);
  }, [register, stage, items, virtualizer, focusRequest, focusRendered]);

  // Roving tab stop: the last focused card if it is rendered, else the first card in view.
  const rendered = rows.filter((row) => row.index < items.length);
  const firstInView = rendered.find((row) => row.index >= (virtualizer.range?.startIndex ?? 0)) ?? rendered[0];
  const tabStop =
    props.currentId && rendered.some((row) => items[row.index]?.id === props.currentId)
      ? props.currentId
      : firstInView
        ? items[firstInView.index]?.id
        : undefined;
  const headingId = `board-heading-${stage}`;

  return (
    <section ref={setNodeRef} className={isOver ? 'column column-over' : 'column'} data-stage={stage} aria-label={`${label} column`}>
      <header className="column-header">
        <h2 id={headingId}>{label}</h2>
        <span className="column-count">
          <span data-testid={`stage-count-${stage}`}>{props.count ?? ''}</span>
          <span className="sr-only"> leads</span>
        </span>
      </header>
      <div ref={scrollRef} className="column-scroll">
        {column.loaded && items.length === 0 && <p className="column-empty muted">No leads in {label}.</p>}
        {!column.loaded && <p className="column-empty muted">Loading…</p>}
        <div role="list" aria-labelledby={headingId} className="column-list" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const lead = items[row.index];
            return (
              <div
                key={row.key}
                role="listitem"
                // Only some cards are in the page: tell assistive tech where this one sits among all.
                aria-setsize={lead ? (props.count ?? -1) : undefined}
                aria-posinset={lead ? row.index + 1 : undefined}
                className="column-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {lead ? (
                  <LeadCard
                    lead={lead}
                    index={row.index}
                    now={props.now}
                    tabbable={lead.id === tabStop}
                    selected={lead.id === props.selectedId}
                    handlers={props.handlers}
                  />
                ) : (
                  <p className="column-more muted">Loading more…</p>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
});
