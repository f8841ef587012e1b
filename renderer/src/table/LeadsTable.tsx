import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LeadSort } from '../../../shared/contract';
import { useCrmQuery } from '../api';
import { openLead } from '../router';
import { useSession } from '../session';
import { BulkBar } from './BulkBar';
import { NOTHING_SELECTED, isTicked, tickRange, toggle, type BulkSelection } from './bulk-selection';
import { HEADER_HEIGHT, ROW_HEIGHT, rowsToViewportEnd } from './grid-geometry';
import { LeadFilters } from './LeadFilters';
import { DEFAULT_QUERY, FIRST_DIRECTION, hasFilters, type LeadQuery } from './lead-query';
import { SavedViews } from './SavedViews';
import { HeaderRow, LeadRow, rowDomId } from './TableRows';
import { PAGE_SIZE, useLeadPages } from './use-lead-pages';
import { useReloadOnChange } from './use-reload-on-change';
import './LeadsTable.css';

const OVERSCAN = 10;
/** The next page is asked for when the last rendered row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 30;

/** Where the table was when the user left it (say, to open a lead), so coming back lands in the same place. */
interface Place {
  userId: string | null;
  query: LeadQuery;
  selectedId: string | null;
  scrollTop: number;
  /** Rows down to the bottom of the viewport: how many to load again on return. */
  rows: number;
}
let lastPlace: Place | null = null;

/**
 * Every lead matching the filters and search, sorted by a column: a virtualised grid over
 * keyset pages, so 100K leads scroll as smoothly as 100. One focusable grid: arrows, Page
 * Up/Down, Home and End move the selection, Enter opens the lead.
 */
export function LeadsTable({ onSelectLead }: { onSelectLead: (id: string | null) => void }) {
  const session = useSession();
  const me = session.user?.id ?? null;
  const [restore] = useState(() => (lastPlace?.userId === me ? { ...lastPlace } : null));
  const place = useRef<Place>(restore ?? { userId: me, query: DEFAULT_QUERY, selectedId: null, scrollTop: 0, rows: PAGE_SIZE });
  useEffect(() => {
    lastPlace = place.current;
  }, []);

  const [query, setQuery] = useState(place.current.query);
  const [selectedId, setSelectedId] = useState(place.current.selectedId);
  // The leads ticked for a bulk action (a new query starts with none), and the row Shift-click ranges from.
  const [ticked, setTicked] = useState<BulkSelection>(NOTHING_SELECTED);
  const tickAnchor = useRef(-1);
  // Where the selection last was, so the arrows carry on from there after its lead leaves the list.
  const lastIndex = useRef(-1);
  const pages = useLeadPages(query, restore ? Math.max(PAGE_SIZE, restore.rows) : PAGE_SIZE);
  const { items } = pages;
  const users = useCrmQuery('users.list', {}, [], { reloadOn: ['sessionChanged'] });
  const nowIso = useNowIso();
  const scrollRef = useRef<HTMLDivElement>(null);

  const getItemKey = useCallback((index: number) => items[index]?.id ?? index, [items]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // The sticky header sits above row 0, and scrolling up to a row must not tuck it under the header.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstRendered = virtualRows[0]?.index ?? -1;
  const lastRendered = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const selectedIndex = useMemo(() => (selectedId ? items.findIndex((lead) => lead.id === selectedId) : -1), [items, selectedId]);

  const { hasMore, loadMore, reload, epoch } = pages;
  useEffect(() => {
    if (hasMore && lastRendered >= items.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, lastRendered, items.length, loadMore]);

  // New results for a new query start at the top; the first results after coming back return to where the user was.
  const pendingRestore = useRef(restore);
  useEffect(() => {
    if (epoch === 0) return;
    const back = pendingRestore.current;
    pendingRestore.current = null;
    virtualizer.scrollToOffset(back?.scrollTop ?? 0);
    if (back?.selectedId) scrollRef.current?.focus({ preventScroll: true });
  }, [epoch, virtualizer]);

  useEffect(() => {
    onSelectLead(selectedId);
  }, [selectedId, onSelectLead]);
  useEffect(() => () => onSelectLead(null), [onSelectLead]);

  useReloadOnChange(scrollRef, pages);

  const ownerNames = useMemo(() => new Map(users.data?.map((user) => [user.id, user.name])), [users.data]);
  const colleagues = useMemo(
    () => (users.data ?? []).filter((user) => user.id !== me).sort((a, b) => a.name.localeCompare(b.name)),
    [users.data, me],
  );
  const ownerName = (id: string | null): string | null => {
    if (id === null) return null;
    return ownerNames.get(id) ?? (id === me ? (session.user?.name ?? '') : users.data ? 'Unknown user' : '');
  };

  const changeQuery = (next: LeadQuery) => {
    setQuery(next);
    setSelectedId(null);
    setTicked(NOTHING_SELECTED);
    place.current.query = next;
    place.current.selectedId = null;
  };
  const sortBy = (sort: LeadSort) =>
    changeQuery({
      ...query,
      sort,
      direction: query.sort === sort ? (query.direction === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[sort],
    });
  const clearFilters = () => changeQuery({ ...DEFAULT_QUERY, sort: query.sort, direction: query.direction });

  const select = useCallback((id: string, index: number) => {
    lastIndex.current = index;
    place.current.selectedId = id;
    setSelectedId(id);
  }, []);
  const pick = useCallback(
    (id: string, index: number) => {
      select(id, index);
      openLead(id);
    },
    [select],
  );
  // Stable for the memoised rows: they read the loaded leads through a ref.
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const tick = useCallback((id: string, index: number, range: boolean) => {
    const loaded = itemsRef.current;
    const anchor = tickAnchor.current;
    tickAnchor.current = index;
    setTicked((current) => (range && anchor >= 0 ? tickRange(current, loaded, anchor, index) : toggle(current, id, loaded)));
  }, []);
  const shownTicked = ticked.kind === 'matching' ? items.length : items.filter((lead) => ticked.ids.has(lead.id)).length;
  const tickedState = shownTicked === 0 ? 'none' : shownTicked === items.length ? 'all' : 'some';
  const tickAllShown = () => {
    tickAnchor.current = -1;
    setTicked(tickedState === 'none' ? { kind: 'ids', ids: new Set(items.map((lead) => lead.id)) } : NOTHING_SELECTED);
  };
  const clearTicks = useCallback(() => {
    tickAnchor.current = -1;
    setTicked(NOTHING_SELECTED);
  }, []);

  const selectAt = (index: number) => {
    const target = Math.max(0, Math.min(index, items.length - 1));
    const lead = items[target];
    if (!lead) return;
    select(lead.id, target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the header's sort buttons are theirs.
    if (event.target !== event.currentTarget || event.altKey || event.metaKey) return;
    const grid = event.currentTarget;
    const from = selectedIndex >= 0 ? selectedIndex : lastIndex.current;
    const pageRows = Math.max(1, Math.floor((grid.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    // With nothing selected yet, any move starts on the first row in view, not back at the top.
    const topInView = Math.ceil(grid.scrollTop / ROW_HEIGHT);
    const moves: Record<string, number> = {
      ArrowDown: from < 0 ? topInView : from + 1,
      ArrowUp: from < 0 ? topInView : from - 1,
      PageDown: from < 0 ? topInView : from + pageRows,
      PageUp: from < 0 ? topInView : from - pageRows,
      Home: 0,
      End: items.length - 1,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      selectAt(to);
    } else if (event.key === 'Enter' && selectedId) {
      event.preventDefault();
      openLead(selectedId);
    } else if (event.key === ' ' && selectedId && selectedIndex >= 0) {
      // Space ticks the selected row for a bulk action; Shift+Space ticks the range from the last one.
      event.preventDefault();
      tick(selectedId, selectedIndex, event.shiftKey);
    }
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Down from the search box goes to the results, as in a combobox.
    if (event.key !== 'ArrowDown' || items.length === 0) return;
    event.preventDefault();
    scrollRef.current?.focus();
    selectAt(0);
  };

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    place.current.scrollTop = element.scrollTop;
    place.current.rows = rowsToViewportEnd(element);
  };

  const selectedRendered = selectedIndex >= firstRendered && selectedIndex <= lastRendered && selectedIndex >= 0;
  const loadedOnce = epoch > 0;
  const empty = loadedOnce && items.length === 0 && !pages.error;

  return (
    <section className="leads-view" aria-label="Leads">
      <div className="leads-toolbar">
        <LeadFilters query={query} colleagues={colleagues} onChange={changeQuery} onSearchKeyDown={onSearchKeyDown} />
        <SavedViews query={query} onApply={changeQuery} />
      </div>

      <p className="leads-summary" role="status">
        {pages.total !== null && (
          <>
            {/* The previous count stays on screen (no flicker) but loses the test hook until the new one is in. */}
            <span className="leads-total" data-testid={pages.totalIsCurrent ? 'lead-total' : undefined}>
              {pages.total}
            </span>{' '}
            {pages.total === 1 ? 'lead' : 'leads'}
          </>
        )}
        {pages.slow && <span className="leads-loading">Loading leads…</span>}
      </p>
      <BulkBar
        selection={ticked}
        total={pages.total}
        query={query}
        people={users.data ?? []}
        onSelectAllMatching={() => setTicked({ kind: 'matching' })}
        onClear={clearTicks}
      />
      {pages.error && (
        <div className="leads-error" role="alert">
          {pages.error}{' '}
          <button type="button" onClick={() => reload(rowsToViewportEnd(scrollRef.current) + PAGE_SIZE)}>
            Try again
          </button>
        </div>
      )}

      <div className="leads-body">
        <div
          ref={scrollRef}
          className="leads-grid"
          role="grid"
          aria-label="Leads"
          // The header counts as a row.
          aria-rowcount={(pages.total ?? items.length) + 1}
          aria-busy={pages.slow}
          aria-activedescendant={selectedRendered && selectedId ? rowDomId(selectedId) : undefined}
          tabIndex={0}
          onKeyDown={onGridKeyDown}
          onScroll={onScroll}
        >
          <div className="leads-grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
            <div role="rowgroup" className="leads-grid-head">
              <HeaderRow sort={query.sort} direction={query.direction} onSort={sortBy} ticked={tickedState} onTickAll={tickAllShown} />
            </div>
            <div role="rowgroup">
              {virtualRows.map((row) => {
                const lead = items[row.index]!;
                return (
                  <LeadRow
                    key={row.key}
                    lead={lead}
                    index={row.index}
                    top={row.start}
                    selected={row.index === selectedIndex}
                    ownerName={ownerName(lead.ownerId)}
                    nowIso={nowIso}
                    onPick={pick}
                    checked={isTicked(ticked, lead.id)}
                    onToggle={tick}
                  />
                );
              })}
            </div>
          </div>
        </div>
        {empty && (
          <div className="leads-empty">
            {hasFilters(query) ? (
              <>
                <p>No leads match</p>
                <button type="button" onClick={clearFilters}>
                  Clear filters
                </button>
              </>
            ) : (
              <p>
                No leads yet. Press <kbd>N</kbd> to add one.
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

/** Now as an ISO timestamp, moving once a minute: enough to tell an overdue follow-up. */
function useNowIso(): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
