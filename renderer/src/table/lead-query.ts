import type { FOLLOW_UP_WINDOWS, LeadListRequest, LeadSort, SavedViewQuery } from '../../../shared/contract';
import type { StageCounts } from '../../../shared/model';
import { STAGES, type Stage } from '../../../shared/pipeline';

export type FollowUpWindow = (typeof FOLLOW_UP_WINDOWS)[number];
export type Direction = 'asc' | 'desc';

/** What the leads table shows: its filters, search and sort (the same facts a saved view keeps). */
export interface LeadQuery {
  stage: Stage | null;
  ownerId: string | null;
  followUp: FollowUpWindow | null;
  search: string;
  sort: LeadSort;
  direction: Direction;
}

/** The direction a column sorts in when first clicked: newest first for times, A to Z, soonest follow-up first (as the core defaults). */
export const FIRST_DIRECTION: Record<LeadSort, Direction> = {
  updated: 'desc',
  created: 'desc',
  name: 'asc',
  nextFollowUp: 'asc',
};

export const DEFAULT_QUERY: LeadQuery = {
  stage: null,
  ownerId: null,
  followUp: null,
  search: '',
  sort: 'updated',
  direction: FIRST_DIRECTION.updated,
};

export function hasFilters(query: LeadQuery): boolean {
  return query.stage !== null || query.ownerId !== null || query.followUp !== null || query.search.trim() !== '';
}

/** The filters without the stage: what `leads.countByStage` takes. */
export function countRequest(query: LeadQuery): { ownerId?: string; followUp?: FollowUpWindow; search?: string } {
  return {
    ...(query.ownerId !== null && { ownerId: query.ownerId }),
    ...(query.followUp !== null && { followUp: query.followUp }),
    ...(query.search.trim() !== '' && { search: query.search }),
  };
}

/** The first-page request for `leads.list`, without limit or cursor. */
export function listRequest(query: LeadQuery): LeadListRequest {
  return {
    ...countRequest(query),
    ...(query.stage !== null && { stage: query.stage }),
    sort: query.sort,
    direction: query.direction,
  };
}

/** How many leads match: the stage's count when one is chosen, else all stages together. */
export function totalOf(counts: StageCounts, stage: Stage | null): number {
  return stage ? counts[stage] : STAGES.reduce((sum, s) => sum + counts[s], 0);
}

export function toSavedView(query: LeadQuery): SavedViewQuery {
  const search = query.search.trim();
  return {
    ...(query.stage !== null && { stage: query.stage }),
    ...(query.ownerId !== null && { ownerId: query.ownerId }),
    ...(query.followUp !== null && { followUp: query.followUp }),
    ...(search !== '' && { search }),
    sort: query.sort,
    direction: query.direction,
  };
}

export function fromSavedView(saved: SavedViewQuery): LeadQuery {
  const sort = saved.sort ?? DEFAULT_QUERY.sort;
  return {
    stage: saved.stage ?? null,
    ownerId: saved.ownerId ?? null,
    followUp: saved.followUp ?? null,
    search: saved.search ?? '',
    sort,
    direction: saved.direction ?? FIRST_DIRECTION[sort],
  };
}

/** Whether two queries show the same leads in the same order (search compared as the core reads it). */
export function sameQuery(a: LeadQuery, b: LeadQuery): boolean {
  return (
    a.stage === b.stage &&
    a.ownerId === b.ownerId &&
    a.followUp === b.followUp &&
    a.search.trim() === b.search.trim() &&
    a.sort === b.sort &&
    a.direction === b.direction
  );
}
