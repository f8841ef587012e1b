import type { Migration } from './migration';

/**
 * What the desktop workspace keeps per user: who the server says you are (so the UI
 * can show your name and hide what your role may not do while offline), your
 * colleagues (owner pickers and names on the timeline), and your saved table views.
 */
export const workspace: Migration = {
  version: 3,
  name: 'workspace',
  up({ exec }) {
    exec(`ALTER TABLE sync_state ADD COLUMN user_name TEXT`);
    exec(`ALTER TABLE sync_state ADD COLUMN user_role TEXT`);
    // JSON array of branch ids; the first is the default.
    exec(`ALTER TABLE sync_state ADD COLUMN user_branches TEXT`);
    exec(`CREATE TABLE colleagues (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      branches TEXT NOT NULL)`);
    exec(`CREATE TABLE saved_views (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      query TEXT NOT NULL,
      created_at TEXT NOT NULL)`);
  },
  down({ exec }) {
    exec(`DROP TABLE saved_views`);
    exec(`DROP TABLE colleagues`);
  },
};
