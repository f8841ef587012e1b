import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';
import type { EventHub } from '../events';

/** What every repository is given: the store, the clock and the event hub. No globals. */
export interface RepositoryContext {
  store: SqlStore<ClientDatabase>;
  now: () => Date;
  events: EventHub;
  /** The signed-in user, or null before the first sign-in (the server fills authorship then). */
  actorId: () => string | null;
  /** Whether the sync engine last found the server unreachable (writes then say "made offline"). */
  isOffline: () => boolean;
}
