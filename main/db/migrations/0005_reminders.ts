import type { Migration } from './migration';

/**
 * Which follow-ups this computer has already reminded about, and for which due time, so
 * a restart never reminds twice and a follow-up moved to a later time reminds again.
 * Local only: reminders are this computer's business, not the server's.
 */
export const reminders: Migration = {
  version: 5,
  name: 'reminders',
  up({ exec }) {
    exec(`CREATE TABLE reminders_sent (task_id TEXT PRIMARY KEY, due_at TEXT NOT NULL, sent_at TEXT NOT NULL) WITHOUT ROWID`);
  },
  down({ exec }) {
    exec(`DROP TABLE reminders_sent`);
  },
};
