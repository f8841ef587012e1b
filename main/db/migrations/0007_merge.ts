import type { Migration } from './migration';

/**
 * A lead merged away into another keeps its row as a tombstone that names the survivor,
 * so links, late edits and restores can be sent there.
 */
export const merge: Migration = {
  version: 7,
  name: 'merged leads',
  up({ exec }) {
    exec(`ALTER TABLE leads ADD COLUMN merged_into TEXT`);
  },
  down({ exec }) {
    exec(`ALTER TABLE leads DROP COLUMN merged_into`);
  },
};
