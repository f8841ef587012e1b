import { sql } from 'kysely';
import type { ClientDatabase } from './schema';
import type { SqlStore } from './sql-store';

/**
 * A bulk load into an empty table (a new client's first sync of 100K leads) is faster
 * without its secondary indexes: SQLite then builds each one once, by sorting, instead
 * of growing nine B-trees row by row (a first sync took about a fifth less time).
 * The definitions are stored before the indexes are dropped, in one transaction, so
 * nothing is lost if the app dies mid-load: opening the database builds them again.
 * Reads still work meanwhile, only without those indexes' speed.
 */
export function setIndexesAside(store: SqlStore<ClientDatabase>, table: 'leads'): number {
  return store.transaction(() => {
    // Only named indexes: UNIQUE and PRIMARY KEY autoindexes (sql is null) guard data.
    const indexes = store.all(
      store.q
        .selectFrom(sql<{ name: string; sql: string | null; type: string; tbl_name: string }>`sqlite_master`.as('m'))
        .select(['m.name', 'm.sql'])
        .where('m.type', '=', 'index')
        .where('m.tbl_name', '=', table)
        .where('m.sql', 'is not', null),
    );
    for (const index of indexes) {
      store.run(store.q.insertInto('indexes_set_aside').values({ name: index.name, definition: index.sql! }).onConflict((oc) => oc.doNothing()));
      // Named raw SQL: DDL for a name read from sqlite_master, never from input.
      store.connection.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
    }
    return indexes.length;
  });
}

/** Sets the leads' indexes aside only for a load into an empty table; true if it did. */
export function setLeadIndexesAsideWhenEmpty(store: SqlStore<ClientDatabase>): boolean {
  if (store.first(store.q.selectFrom('leads').select('seq').limit(1))) return false;
  return setIndexesAside(store, 'leads') > 0;
}

/**
 * Builds every set-aside index again, one per transaction, letting the event loop run
 * in between (the user's clicks, other requests). Safe to call at any time, and twice.
 */
export async function restoreIndexes(store: SqlStore<ClientDatabase>): Promise<void> {
  for (;;) {
    const next = store.first(store.q.selectFrom('indexes_set_aside').selectAll().orderBy('name').limit(1));
    if (!next) return;
    restoreOne(store, next);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The same, all at once: for opening a database that a crash left mid-load. */
export function restoreIndexesNow(store: SqlStore<ClientDatabase>): void {
  for (const index of store.all(store.q.selectFrom('indexes_set_aside').selectAll().orderBy('name'))) restoreOne(store, index);
}

function restoreOne(store: SqlStore<ClientDatabase>, index: { name: string; definition: string }): void {
  store.transaction(() => {
    const exists = store.first(
      store.q
        .selectFrom(sql<{ name: string; type: string }>`sqlite_master`.as('m'))
        .select('m.name')
        .where('m.type', '=', 'index')
        .where('m.name', '=', index.name),
    );
    // Named raw SQL: the definition SQLite itself recorded for this index.
    if (!exists) store.connection.exec(index.definition);
    store.run(store.q.deleteFrom('indexes_set_aside').where('name', '=', index.name));
  });
}
