import type { Migration } from './migration';

/**
 * Which timeline entries were made while this computer was offline, so the timeline can
 * say so after they synced (the outbox forgets them then). Ids of ops and of records.
 */
export const madeOffline: Migration = {
  version: 4,
  name: 'made offline',
  up({ exec }) {
    exec(`CREATE TABLE made_offline (id TEXT PRIMARY KEY) WITHOUT ROWID`);
  },
  down({ exec }) {
    exec(`DROP TABLE made_offline`);
  },
};
