import path from 'node:path';
import type { AppStatus } from '../shared/contract';
import { newId } from '../shared/ids';
import { openClientDatabase, type OpenOptions } from './db/open-database';
import type { ClientDatabase } from './db/schema';
import type { SqlStore } from './db/sql-store';
import { EventHub } from './events';
import { StoreUpkeep } from './db/store-upkeep';
import { createHandlers, type Handlers } from './handlers';
import { ActivityRepository } from './repositories/activity-repository';
import type { RepositoryContext } from './repositories/context';
import { LeadRepository } from './repositories/lead-repository';
import { OutboxRepository } from './repositories/outbox-repository';

export interface CoreOptions extends OpenOptions {
  /** The folder holding this user's database. Created when missing. */
  dataDir: string;
  /** Injected for tests (clock skew, fixed "today"). */
  now?: () => Date;
}

export const DATABASE_FILE = 'fieldline.db';

/**
 * The local data core: database, repositories, events and the contract's handlers.
 * It knows nothing of Electron, so it runs the same in the app, the CLI, the browser
 * host and tests.
 */
export class Core {
  readonly store: SqlStore<ClientDatabase>;
  readonly events = new EventHub();
  readonly outbox: OutboxRepository;
  readonly leads: LeadRepository;
  readonly activity: ActivityRepository;
  readonly handlers: Handlers;
  private readonly upkeep: StoreUpkeep;

  constructor(options: CoreOptions) {
    const now = options.now ?? (() => new Date());
    this.store = openClientDatabase(path.join(options.dataDir, DATABASE_FILE), { ...options, now });
    this.upkeep = new StoreUpkeep(this.store.connection);
    this.store.onCommit = () => this.upkeep.noteCommit();
    this.ensureSyncState();
    const ctx: RepositoryContext = {
      store: this.store,
      now,
      events: this.events,
      actorId: () => this.syncState().user_id,
    };
    this.outbox = new OutboxRepository(ctx);
    this.leads = new LeadRepository(ctx, this.outbox);
    this.activity = new ActivityRepository(ctx, this.outbox);
    this.handlers = createHandlers(this);
  }

  status(): AppStatus {
    const { store } = this;
    const leads = store.first(
      store.q.selectFrom('leads').select((e) => e.fn.countAll<number>().as('n')).where('deleted', '=', 0),
    );
    return { leads: leads?.n ?? 0, pendingOps: this.outbox.pendingCount() };
  }

  syncState() {
    return this.store.first(this.store.q.selectFrom('sync_state').selectAll().where('id', '=', 1))!;
  }

  close(): void {
    if (!this.store.connection.open) return;
    this.upkeep.close();
    this.store.connection.close();
  }

  /** Every data folder gets its own client id on first open; the server binds it to a user. */
  private ensureSyncState(): void {
    const { store } = this;
    store.run(store.q.insertInto('sync_state').values({ id: 1, client_id: newId() }).onConflict((oc) => oc.doNothing()));
  }
}

export function openCore(options: CoreOptions): Core {
  return new Core(options);
}
