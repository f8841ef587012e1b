import type { Migration } from './migration';

/**
 * Secondary indexes set aside during a bulk load (db/indexes-set-aside.ts): their
 * definitions wait here until the load ends, or until the next open after a crash.
 */
export const indexesSetAside: Migration = {
  version: 10,
  name: 'indexes set aside',
  up({ exec }) {
    exec(`CREATE TABLE indexes_set_aside (name TEXT PRIMARY KEY, definition TEXT NOT NULL) WITHOUT ROWID`);
  },
  down({ exec, prepare }) {
    // Nothing set aside may be forgotten with the table.
    const waiting = prepare(`SELECT name, definition FROM indexes_set_aside`).all() as { name: string; definition: string }[];
    for (const index of waiting) {
      if (!prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(index.name)) exec(index.definition);
    }
    exec(`DROP TABLE indexes_set_aside`);
  },
};
