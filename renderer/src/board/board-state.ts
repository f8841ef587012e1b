import type { Lead, StageCounts } from '../../../shared/model';
import { STAGES, type Stage } from '../../../shared/pipeline';

/** What one column holds: the pages loaded so far, newest change first (the `updated` sort). */
export interface ColumnState {
  items: Lead[];
  /** Keyset cursor of the next page; null once the last page is in. */
  nextCursor: string | null;
  /** False until the first page has arrived. */
  loaded: boolean;
}

export type Columns = Record<Stage, ColumnState>;

export const EMPTY_COLUMN: ColumnState = { items: [], nextCursor: null, loaded: false };

export function emptyColumns(): Columns {
  return Object.fromEntries(STAGES.map((stage) => [stage, EMPTY_COLUMN])) as Columns;
}

/** Adds a fetched page after what is loaded, skipping leads a local change already put there. */
export function appendPage(column: ColumnState, items: Lead[], nextCursor: string | null): ColumnState {
  const known = new Set(column.items.map((lead) => lead.id));
  return { items: [...column.items, ...items.filter((lead) => !known.has(lead.id))], nextCursor, loaded: true };
}

/**
 * Puts the current version of a lead where the `updated` sort puts it: out of every column,
 * then into its stage's column if it falls within the loaded range (otherwise a later page
 * brings it). Deleted leads leave the board. Columns that do not change keep their identity,
 * so their views do not re-render.
 */
export function placeLead(columns: Columns, lead: Lead): Columns {
  const same = columns[lead.stage];
  const where = same.items.findIndex((item) => item.id === lead.id);
  // Same column, same sort key (a call logged, a name fixed): it keeps its place.
  if (!lead.deleted && where >= 0 && same.items[where]!.updatedAt === lead.updatedAt) {
    return { ...columns, [lead.stage]: { ...same, items: same.items.with(where, lead) } };
  }
  const next = { ...columns };
  for (const stage of STAGES) {
    const column = columns[stage];
    const at = column.items.findIndex((item) => item.id === lead.id);
    if (at >= 0) next[stage] = { ...column, items: column.items.toSpliced(at, 1) };
  }
  if (!lead.deleted) {
    const column = next[lead.stage];
    const last = column.items[column.items.length - 1];
    // Equal times (a batch import) may sit either side of the page edge; a later page that repeats it is deduplicated.
    if (column.nextCursor === null || !last || lead.updatedAt >= last.updatedAt) {
      const at = column.items.findIndex((item) => item.updatedAt < lead.updatedAt);
      next[lead.stage] = { ...column, items: column.items.toSpliced(at < 0 ? column.items.length : at, 0, lead) };
    }
  }
  return next;
}

/** Puts a lead back exactly where it was (a move the core refused). */
export function restoreLead(columns: Columns, lead: Lead, index: number): Columns {
  const next = removeLead(columns, lead.id);
  const column = next[lead.stage];
  return { ...next, [lead.stage]: { ...column, items: column.items.toSpliced(Math.min(index, column.items.length), 0, lead) } };
}

/** Drops a lead that no longer exists from the board. */
export function removeLead(columns: Columns, id: string): Columns {
  const next = { ...columns };
  for (const stage of STAGES) {
    const column = columns[stage];
    const at = column.items.findIndex((item) => item.id === id);
    if (at >= 0) next[stage] = { ...column, items: column.items.toSpliced(at, 1) };
  }
  return next;
}

/** The lead as it will read once the move is written (the core stamps the same fields). */
export function movedLead(lead: Lead, stage: Stage, outcome: Lead['outcome'], lostReason: string | null, now: string): Lead {
  return {
    ...lead,
    stage,
    outcome: stage === 'closed' ? outcome : null,
    lostReason: stage === 'closed' && outcome === 'lost' ? lostReason : null,
    stageEnteredAt: now,
    updatedAt: now,
  };
}

export function shiftCount(counts: StageCounts, from: Stage, to: Stage): StageCounts {
  return { ...counts, [from]: Math.max(0, counts[from] - 1), [to]: counts[to] + 1 };
}
