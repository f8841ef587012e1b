import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { SERVER_MIGRATIONS, type ServerMigration } from './migrations';
import type { ServerDatabase } from './schema';

export type StoreLocation = { sqliteFile: string } | { postgresUrl: string };
/** The connection a writing transaction runs on. */
export type WriteTransaction = Kysely<ServerDatabase>;

/**
 * Every writing transaction on PostgreSQL first takes this transaction-scoped advisory
 * lock. Writers therefore commit one after another, so feed positions (a sequence) are
 * handed out in commit order and a reader's cursor can never pass a position that a
 * slower transaction commits later.
 */
const WRITE_LOCK = 727_001;
const MIGRATE_LOCK = 727_002;

type Writer = <T>(work: (trx: WriteTransaction) => Promise<T>) => Promise<T>;

export interface ServerStore {
  kind: 'sqlite' | 'postgres';
  db: Kysely<ServerDatabase>;
  /** Names this database in cursors: a cursor from another database is refused, not misread. */
  epoch: string;
  /** Bound parameters one statement may carry on this store. */
  maxParams: number;
  write<T>(work: (trx: WriteTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openStore(location: StoreLocation, migrations: readonly ServerMigration[] = SERVER_MIGRATIONS): Promise<ServerStore> {
  if ('sqliteFile' in location) {
    fs.mkdirSync(path.dirname(path.resolve(location.sqliteFile)), { recursive: true });
    const connection = new Database(location.sqliteFile);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('busy_timeout = 5000');
    // 64 MB of page cache: a 1000-op push touches several indexes of 100K-row tables.
    connection.pragma('cache_size = -65536');
    // Checkpoint every ~40 MB of WAL rather than 4 MB: bulk pushes otherwise stall on
    // frequent checkpoint fsyncs. Durability is unchanged (commits are in the WAL).
    connection.pragma('wal_autocheckpoint = 10000');
    const db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
    // BEGIN IMMEDIATE takes the write lock up front, so waiting for another writer honours
    // busy_timeout; a deferred BEGIN that reads first would fail at once instead.
    const write: Writer = (work) =>
      db.connection().execute(async (connection) => {
        await sql`BEGIN IMMEDIATE`.execute(connection);
        try {
          const result = await work(connection);
          await sql`COMMIT`.execute(connection);
          return result;
        } catch (error) {
          await sql`ROLLBACK`.execute(connection).catch(() => undefined);
          throw error;
        }
      });
    return finishOpen('sqlite', db, migrations, 30_000, write);
  }
  const pool = new pg.Pool({
    connectionString: location.postgresUrl,
    max: 8,
    // A writer queued behind others this long gives up: the client gets 503 and retries.
    lock_timeout: 10_000,
    // BIGINT (feed positions, budgets) as JS numbers: they stay far below 2^53.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
  const write: Writer = (work) =>
    db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
      return work(trx);
    });
  return finishOpen('postgres', db, migrations, 60_000, write);
}

/**
 * Kysely prepares every query anew; a push's multi-row statements are large, so preparing
 * them took most of the time of running them. Statements are reused by SQL text (Kysely only
 * calls `all`/`run`, never keeps an iterator open, so reuse is safe).
 */
function withStatementCache(connection: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => connection.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= 200) cache.delete(cache.keys().next().value!);
        statement = connection.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

async function finishOpen(
  kind: ServerStore['kind'],
  db: Kysely<ServerDatabase>,
  migrations: readonly ServerMigration[],
  maxParams: number,
  write: Writer,
): Promise<ServerStore> {
  try {
    await migrate(kind, db, migrations);
    await db.insertInto('server_meta').values({ key: 'epoch', value: randomUUID().slice(0, 8) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const { value: epoch } = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
    return {
      kind,
      db,
      epoch,
      maxParams,
      write,
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function migrate(kind: ServerStore['kind'], db: Kysely<ServerDatabase>, migrations: readonly ServerMigration[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Two servers starting together on one PostgreSQL database must not both migrate.
    if (kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(trx);
    const applied = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const current = Math.max(0, ...applied);
    if (current > newest) {
      throw new Error(`This database was written by a newer Fieldline server (schema ${current}; this one knows ${newest}). Update the server.`);
    }
    for (const step of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(step.version)) continue;
      for (const statement of kind === 'sqlite' ? step.sqlite : step.postgres) await sql.raw(statement).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: step.version, name: step.name, applied_at: new Date().toISOString() }).execute();
    }
  });
}

/** Errors worth retrying later (locked database, lost connection, serialization failure): the client is told 503. */
export function isTransientStoreError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    ['40001', '40P01', '53300', '55P03', '57014', '57P01', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code) ||
    code.startsWith('08')
  );
}
