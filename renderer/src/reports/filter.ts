import type { ReportFilter } from '../../../shared/reports';

/** The filter bar as typed: local calendar days (`YYYY-MM-DD`), an owner id, a source. */
export interface FilterInput {
  fromDay: string;
  toDay: string;
  ownerId: string;
  source: string;
}

export const EMPTY_FILTER: FilterInput = { fromDay: '', toDay: '', ownerId: '', source: '' };

/** Midnight at the start of a local day, as an ISO instant; `addDays` moves to a later day. */
export function localDayStart(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + addDays).toISOString();
}

/**
 * The report filter for what the user typed. "To" is the last day the user wants included,
 * so the range ends at the start of the next local day (the reports treat `to` as exclusive).
 */
export function toReportFilter(input: FilterInput): ReportFilter {
  const filter: ReportFilter = {};
  if (input.fromDay) filter.from = localDayStart(input.fromDay);
  if (input.toDay) filter.to = localDayStart(input.toDay, 1);
  if (input.ownerId) filter.ownerId = input.ownerId;
  const source = input.source.trim();
  if (source) filter.source = source;
  return filter;
}

/** A rate 0..1 as a whole percentage, or a dash when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}
