import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeadListRequest, LeadPage } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { call, messageOf } from '../api';
import { countRequest, listRequest, totalOf, type LeadQuery } from './lead-query';

/** Rows per page as the user scrolls. */
export const PAGE_SIZE = 100;
/** The contract's largest page: used when reloading many rows at once. */
const MAX_PAGE_SIZE = 1000;
/** Coalesces a burst of keystrokes into one query, well inside the 100 ms a keystroke may take. */
const QUERY_DELAY_MS = 30;
/** Answers faster than this never show the loading indicator, so it does not flash. */
const SLOW_AFTER_MS = 250;

interface Loaded {
  items: Lead[];
  nextCursor: string | null;
  /** The request generation these rows answer; only the latest may grow by a page. */
  generation: number;
  /** Bumps when the rows answer a new query (not a reload or a further page), so the view can scroll to the top. */
  epoch: number;
}

/**
 * Loads the leads a query matches, page by page on a keyset cursor, and how many match.
 * Every load is a new generation: an answer from an older one is dropped, so fast typing
 * never shows a stale result.
 */
export function useLeadPages(query: LeadQuery, firstRows: number) {
  const [loaded, setLoaded] = useState<Loaded>({ items: [], nextCursor: null, generation: 0, epoch: 0 });
  const [total, setTotal] = useState<{ value: number; generation: number; query: LeadQuery } | null>(null);
  const [slow, setSlow] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  // The generation with a list request in flight (0: none): one page at a time.
  const inFlight = useRef(0);
  const queryRef = useRef(query);
  const rowsForFirstLoad = useRef(firstRows);

  const load = useCallback((query: LeadQuery, rows: number, fresh: boolean) => {
    const mine = ++generation.current;
    const current = () => generation.current === mine;
    inFlight.current = mine;
    const slowTimer = setTimeout(() => current() && setSlow(true), SLOW_AFTER_MS);
    const settle = (failure?: unknown) => {
      clearTimeout(slowTimer);
      if (!current()) return;
      inFlight.current = 0;
      setSlow(false);
      setError(failure === undefined ? null : messageOf(failure));
    };
    fetchRows(listRequest(query), rows, current).then((page) => {
      if (!current()) return;
      settle();
      setLoaded((prev) => ({
        items: page.items,
        nextCursor: page.nextCursor,
        generation: mine,
        epoch: fresh ? prev.epoch + 1 : prev.epoch,
      }));
      // Counted after the rows, and only for the latest query: a count over a broad
      // search takes longer than its rows, and must not hold up the next keystroke's rows.
      call('leads.countByStage', countRequest(query)).then(
        (counts) => current() && setTotal({ value: totalOf(counts, query.stage), generation: mine, query }),
        (failure: unknown) => current() && setError(messageOf(failure)),
      );
    }, settle);
    return mine;
  }, []);

  useEffect(() => {
    queryRef.current = query;
    const timer = setTimeout(() => {
      load(query, rowsForFirstLoad.current, true);
      rowsForFirstLoad.current = PAGE_SIZE;
    }, QUERY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, load]);

  /** Loads the next page, unless one is on its way or the rows are being replaced. */
  const loadMore = useCallback(() => {
    const mine = generation.current;
    const cursor = loaded.nextCursor;
    if (inFlight.current !== 0 || loaded.generation !== mine || cursor === null) return;
    inFlight.current = mine;
    call('leads.list', { ...listRequest(queryRef.current), limit: PAGE_SIZE, cursor }).then(
      (page) => {
        if (generation.current !== mine) return;
        inFlight.current = 0;
        setLoaded((prev) => {
          if (prev.generation !== mine) return prev;
          // A lead edited between two pages can come round again; the reload that follows puts it right.
          const have = new Set(prev.items.map((lead) => lead.id));
          return { ...prev, items: [...prev.items, ...page.items.filter((lead) => !have.has(lead.id))], nextCursor: page.nextCursor };
        });
      },
      (failure: unknown) => {
        if (generation.current !== mine) return;
        inFlight.current = 0;
        setError(messageOf(failure));
      },
    );
  }, [loaded]);

  /**
   * Loads the same query again from the top, `rows` deep, keeping what is shown until the
   * answer is in. Returns the generation its rows will carry.
   */
  const reload = useCallback((rows: number) => load(queryRef.current, Math.max(PAGE_SIZE, rows), false), [load]);

  return {
    items: loaded.items,
    hasMore: loaded.nextCursor !== null,
    epoch: loaded.epoch,
    /** The load the shown rows come from (see `reload`). */
    generation: loaded.generation,
    total: total?.value ?? null,
    /** Whether `total` counts the rows shown for this very query (false for a moment while a new count is on its way). */
    totalIsCurrent: total !== null && total.query === query && total.generation === loaded.generation,
    slow,
    error,
    loadMore,
    reload,
  };
}

/** The first `rows` leads of a list, in as few requests as the page limit allows. */
async function fetchRows(request: LeadListRequest, rows: number, stillWanted: () => boolean): Promise<LeadPage> {
  const items: Lead[] = [];
  let cursor: string | undefined;
  for (;;) {
    const limit = Math.min(MAX_PAGE_SIZE, rows - items.length);
    const page = await call('leads.list', { ...request, limit, ...(cursor !== undefined && { cursor }) });
    items.push(...page.items);
    if (page.nextCursor === null || items.length >= rows || !stillWanted()) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}
