import { nameKey, nameSkeleton } from '../../../shared/duplicates';
import type { Migration } from './migration';

/**
 * Possible duplicates: each lead's name key and skeleton (shared/duplicates.ts), so
 * similar names in one branch are found through an index instead of by reading every
 * lead, and the pairs a user said are not one person (local only, never synced).
 *
 * The index is on the skeleton, not the key: equal keys have equal skeletons, so one
 * index answers both "same name" and "similar name", and every index slows each insert.
 * Its `created_at, seq` tail lets the pair list walk a skeleton's older leads newest
 * first without sorting. The backfill runs the rule as it is today; a later change to
 * the rule needs a migration that fills the columns again.
 */
export const duplicates: Migration = {
  version: 8,
  name: 'possible duplicates',
  up({ exec, prepare }) {
    exec(`ALTER TABLE leads ADD COLUMN name_key TEXT`);
    exec(`ALTER TABLE leads ADD COLUMN name_skeleton TEXT`);
    const update = prepare(`UPDATE leads SET name_key = ?, name_skeleton = ? WHERE seq = ?`);
    // Read first, then write: a connection cannot update while a read is still open.
    for (const row of prepare(`SELECT seq, name FROM leads`).all() as { seq: number; name: string }[]) {
      const key = nameKey(row.name);
      update.run(key || null, key ? nameSkeleton(key) : null, row.seq);
    }
    exec(`CREATE INDEX leads_by_name_skeleton ON leads (name_skeleton, created_at, seq) WHERE deleted = 0`);
    // Shared emails are grouped over this (4 ms instead of 55 ms at 100K); only leads with an email pay for it.
    exec(`CREATE INDEX leads_by_email ON leads (email) WHERE deleted = 0 AND email IS NOT NULL`);
    exec(`CREATE TABLE duplicate_dismissals (
      lead_a TEXT NOT NULL,
      lead_b TEXT NOT NULL,
      dismissed_at TEXT NOT NULL,
      PRIMARY KEY (lead_a, lead_b)
    ) WITHOUT ROWID`);
  },
  down({ exec }) {
    exec(`DROP TABLE duplicate_dismissals`);
    exec(`DROP INDEX leads_by_email`);
    exec(`DROP INDEX leads_by_name_skeleton`);
    exec(`ALTER TABLE leads DROP COLUMN name_skeleton`);
    exec(`ALTER TABLE leads DROP COLUMN name_key`);
  },
};
