import type { BulkTarget } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { countRequest, type LeadQuery } from './lead-query';

/**
 * The leads ticked for a bulk action: some rows by id, or every lead the table's query
 * matches ("select all N matching"), which the core evaluates when the action starts.
 */
export type BulkSelection = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'matching' };

export const NOTHING_SELECTED: BulkSelection = { kind: 'ids', ids: new Set() };

export function isTicked(selection: BulkSelection, id: string): boolean {
  return selection.kind === 'matching' || selection.ids.has(id);
}

/** How many leads the selection stands for (`total`: how many the query matches). */
export function selectedCount(selection: BulkSelection, total: number | null): number {
  return selection.kind === 'matching' ? (total ?? 0) : selection.ids.size;
}

/** Ticks or unticks one lead. Unticking one while "all matching" is on keeps the loaded others. */
export function toggle(selection: BulkSelection, id: string, loaded: readonly Lead[]): BulkSelection {
  const ids = new Set(selection.kind === 'matching' ? loaded.map((lead) => lead.id) : selection.ids);
  if (selection.kind !== 'matching' && !ids.has(id)) ids.add(id);
  else ids.delete(id);
  return { kind: 'ids', ids };
}

/**
 * Shift-click: every row from the anchor (the last row ticked or unticked) to this one
 * takes the state the anchor has now, as in a file manager.
 */
export function tickRange(selection: BulkSelection, loaded: readonly Lead[], anchor: number, index: number): BulkSelection {
  const anchorLead = loaded[anchor];
  if (!anchorLead) return selection;
  const ticking = isTicked(selection, anchorLead.id);
  const ids = new Set(selection.kind === 'matching' ? loaded.map((lead) => lead.id) : selection.ids);
  const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
  for (const lead of loaded.slice(from, to + 1)) {
    if (ticking) ids.add(lead.id);
    else ids.delete(lead.id);
  }
  return { kind: 'ids', ids };
}

/** What `bulk.run` and `bulk.exportCsv` are asked to work on. */
export function bulkTarget(selection: BulkSelection, query: LeadQuery): BulkTarget {
  if (selection.kind === 'ids') return { ids: [...selection.ids] };
  return { filter: { ...countRequest(query), ...(query.stage !== null && { stage: query.stage }) } };
}
