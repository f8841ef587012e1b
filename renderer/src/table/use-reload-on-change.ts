import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Lead } from '../../../shared/model';
import { useCrmEvent } from '../api';
import { ROW_HEIGHT, rowsToViewportEnd } from './grid-geometry';
import { PAGE_SIZE } from './use-lead-pages';

/** Bursts of leadsChanged (a sync pull) become one reload. */
const RELOAD_DELAY_MS = 50;

/**
 * Reloads the rows when leads change (a local write, or sync bringing others' work), down
 * to just past what is on screen; further rows load again as the user scrolls. The lead at
 * the top of the viewport stays there, so leads arriving above it do not push what the
 * user is reading out of view.
 */
export function useReloadOnChange(
  grid: RefObject<HTMLElement | null>,
  pages: { items: Lead[]; generation: number; reload: (rows: number) => number },
): void {
  const { items, generation, reload } = pages;
  const anchor = useRef<{ id: string; offset: number; generation: number } | null>(null);
  const itemsRef = useRef(items);
  useEffect(() => {
    itemsRef.current = items;
  }, [items]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useCrmEvent('leadsChanged', () => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const element = grid.current;
      const reloading = reload(rowsToViewportEnd(element) + PAGE_SIZE);
      const top = element ? Math.floor(element.scrollTop / ROW_HEIGHT) : 0;
      const lead = itemsRef.current[top];
      // At the very top, new leads should come into view instead.
      anchor.current =
        element && element.scrollTop > 0 && lead ? { id: lead.id, offset: element.scrollTop - top * ROW_HEIGHT, generation: reloading } : null;
    }, RELOAD_DELAY_MS);
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  // Before paint, so the rows never visibly jump.
  useLayoutEffect(() => {
    const held = anchor.current;
    if (!held || held.generation !== generation) return;
    anchor.current = null;
    const index = items.findIndex((lead) => lead.id === held.id);
    if (index >= 0 && grid.current) grid.current.scrollTop = index * ROW_HEIGHT + held.offset;
  }, [grid, items, generation]);
}
