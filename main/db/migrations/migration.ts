import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';

export interface MigrationContext {
  /** Query builder for schema changes (untyped: migrations outlive today's schema). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  q: Kysely<any>;
  run(query: Compilable<unknown>): void;
  /** Raw DDL for what the builder cannot say (FTS5, expression indexes). */
  exec(sql: string): void;
  /** A prepared statement, for data steps computed in TypeScript (backfilling a derived column). */
  prepare(sql: string): BetterSqlite3.Statement;
}

/** A numbered schema step. `up` runs inside the migration transaction. */
export interface Migration {
  version: number;
  name: string;
  up(ctx: MigrationContext): void;
  down(ctx: MigrationContext): void;
}
