import { sql, type RawBuilder } from 'kysely';
import { STAGES, STALE_AFTER_DAYS } from '../../shared/pipeline';
import type { ReportFilter } from '../../shared/reports';

/** Conditions joined with AND; an empty list is true. */
export function all(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length ? sql`(${sql.join(conditions, sql` AND `)})` : sql`1`;
}

/** `column` within the filter's range: from inclusive, to exclusive, either open. */
export function inRange(column: string, filter: ReportFilter): RawBuilder<unknown>[] {
  const ref = sql.ref(column);
  const out: RawBuilder<unknown>[] = [];
  if (filter.from) out.push(sql`${ref} >= ${isoUtc(filter.from)}`);
  if (filter.to) out.push(sql`${ref} < ${isoUtc(filter.to)}`);
  return out;
}

/** Live leads (alias `l`) matching the owner and source filters. */
export function leadMatches(filter: ReportFilter, options: { owner: boolean } = { owner: true }): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [sql`l.deleted = 0`];
  if (options.owner && filter.ownerId) out.push(sql`l.owner_id = ${filter.ownerId}`);
  if (filter.source) out.push(sql`l.source = ${filter.source}`);
  return out;
}

/** Stored times are `toISOString()` text, so a bound must be too to compare as text. */
export function isoUtc(value: string): string {
  return new Date(value).toISOString();
}

/** A stage's position in the pipeline (0 for `new`), as SQL over a stage column. */
export function stageRank(column: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`CASE ${column} ${sql.join(
    STAGES.map((s, i) => sql`WHEN ${sql.lit(s)} THEN ${sql.lit(i)}`),
    sql` `,
  )} ELSE -1 END`;
}

/** The stale limit of a stage column in whole days, NULL when the stage never goes stale. */
export function staleLimit(column: RawBuilder<unknown>): RawBuilder<number | null> {
  const cases = STAGES.filter((s) => STALE_AFTER_DAYS[s] !== null).map((s) => sql`WHEN ${sql.lit(s)} THEN ${sql.lit(STALE_AFTER_DAYS[s])}`);
  return sql<number | null>`CASE ${column} ${sql.join(cases, sql` `)} ELSE NULL END`;
}

/** A rate rounded to four places; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** The filter as given, without keys left undefined (the report echoes it). */
export function echo(filter: ReportFilter): ReportFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as ReportFilter;
}
