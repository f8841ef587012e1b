import type BetterSqlite3 from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
} from 'kysely';

type Query<R> = Compilable<R> | CompiledQuery<R>;

function compiled<R>(query: Query<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * The one door to SQLite. Kysely builds and type-checks every query; better-sqlite3
 * runs it synchronously with a cached prepared statement. Synchronous execution makes
 * a transaction a plain function call, so the row change and its outbox op can never
 * be split by an `await`.
 */
export class SqlStore<DB> {
  /** Query builder only: it cannot execute anything by itself. */
  readonly q: Kysely<DB>;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly inTransaction: BetterSqlite3.Transaction<(work: () => unknown) => unknown>;

  constructor(readonly connection: BetterSqlite3.Database) {
    this.q = new Kysely<DB>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
    this.inTransaction = connection.transaction((work: () => unknown) => {
      const result = work();
      if (result instanceof Promise) throw new Error('transaction work must be synchronous');
      return result;
    });
  }

  /** A prepared statement for this SQL, reused across calls. */
  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * A prepared INSERT for bulk paths: compiled once by Kysely, then run per row with
   * values taken in a fixed column order (no per-row query compilation).
   */
  preparedInsert<T extends keyof DB & string>(table: T, columns: readonly (keyof DB[T] & string)[]) {
    const sample = Object.fromEntries(columns.map((c) => [c, null]));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const { sql } = this.q.insertInto(table).values(sample as any).compile();
    const statement = this.statement(sql);
    return (row: { [K in keyof DB[T]]?: unknown }): BetterSqlite3.RunResult =>
      statement.run(...columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
  }

  /**
   * A prepared statement for a hot path, from a sample query: the caller then passes
   * parameters in the order they appear in the compiled SQL (SET values, then WHERE).
   */
  prepared(sample: Query<unknown>): BetterSqlite3.Statement {
    return this.statement(compiled(sample).sql);
  }

  all<Q extends Query<unknown>>(query: Q): InferRows<Q>[] {
    const { sql, parameters } = compiled(query);
    return this.statement(sql).all(...parameters) as InferRows<Q>[];
  }

  first<Q extends Query<unknown>>(query: Q): InferRows<Q> | undefined {
    const { sql, parameters } = compiled(query);
    return this.statement(sql).get(...parameters) as InferRows<Q> | undefined;
  }

  run(query: Query<unknown>): BetterSqlite3.RunResult {
    const { sql, parameters } = compiled(query);
    return this.statement(sql).run(...parameters);
  }

  /**
   * Runs `work` in one transaction (nested calls become savepoints). Anything thrown
   * rolls every write back. `work` must be synchronous: a returned promise is refused.
   */
  /** Called after each outermost transaction commits (WAL upkeep hooks in here). */
  onCommit: () => void = () => {};

  transaction<T>(work: () => T): T {
    // IMMEDIATE takes the write lock up front, so a second process (the CLI beside
    // the app) waits on busy_timeout instead of failing half-way with SQLITE_BUSY.
    const outermost = !this.connection.inTransaction;
    const result = this.inTransaction.immediate(work) as T;
    if (outermost) this.onCommit();
    return result;
  }
}

type InferRows<Q> = Q extends CompiledQuery<infer R> ? R : Q extends Compilable<infer R> ? R : never;
