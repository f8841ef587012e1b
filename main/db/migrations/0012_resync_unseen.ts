import type { Migration } from './migration';

/**
 * A resync (the server answered 410: restored from a backup, or another database) pulls
 * everything again. What this computer holds from the server but the new feed never
 * brings is gone there: its ids wait here, each struck off when the feed brings it, and
 * what is left when the feed ends is removed (db kept whole meanwhile: the user works on).
 */
export const resyncUnseen: Migration = {
  version: 12,
  name: 'resync unseen',
  up({ exec }) {
    exec(`CREATE TABLE resync_unseen (entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID`);
  },
  down({ exec }) {
    exec(`DROP TABLE resync_unseen`);
  },
};
