import path from 'node:path';
import type { AppStatus, DuplicatePair, MergePick } from '../shared/contract';
import { newId } from '../shared/ids';
import { openClientDatabase, type OpenOptions } from './db/open-database';
import type { ClientDatabase } from './db/schema';
import type { SqlStore } from './db/sql-store';
import { EventHub } from './events';
import { StoreUpkeep } from './db/store-upkeep';
import { createHandlers, type CoreHandlers } from './handlers';
import { ActivityRepository } from './repositories/activity-repository';
import type { RepositoryContext } from './repositories/context';
import { LeadRepository } from './repositories/lead-repository';
import { OutboxRepository } from './repositories/outbox-repository';
import { SyncRepository } from './repositories/sync-repository';
import { DuplicateFinder } from './repositories/duplicate-finder';
import { PeopleRepository } from './repositories/people-repository';
import { SavedViewRepository } from './repositories/saved-view-repository';
import { syncStatus } from './sync/sync-status';
import { PipelineReports } from './reports/pipeline-reports';
import { STAGE_GROUP } from '../shared/merge-rules';
import type { Lead } from '../shared/model';
import type { Phone } from '../shared/phone';
import type { ClosedOutcome, Stage } from '../shared/pipeline';
import { AppError } from '../shared/result';
import type { SyncStatus } from '../shared/sync-status';

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
  readonly sync: SyncRepository;
  readonly duplicates: DuplicateFinder;
  readonly people: PeopleRepository;
  readonly views: SavedViewRepository;
  readonly reports: PipelineReports;
  /** Set by the sync engine's connectivity verdict; false until it has one. */
  offline = false;
  /** Set by a running sync engine so the status shows what only it knows. */
  liveSyncStatus: (() => SyncStatus) | null = null;
  private readonly now: () => Date;
  readonly handlers: CoreHandlers;
  private readonly upkeep: StoreUpkeep;

  readonly dataDir: string;

  constructor(options: CoreOptions) {
    this.dataDir = options.dataDir;
    const now = options.now ?? (() => new Date());
    this.now = now;
    this.store = openClientDatabase(path.join(options.dataDir, DATABASE_FILE), { ...options, now });
    this.upkeep = new StoreUpkeep(this.store.connection);
    this.store.onCommit = () => this.upkeep.noteCommit();
    this.ensureSyncState();
    const ctx: RepositoryContext = {
      store: this.store,
      now,
      events: this.events,
      actorId: () => this.syncState().user_id,
      isOffline: () => this.offline,
    };
    this.outbox = new OutboxRepository(ctx);
    this.leads = new LeadRepository(ctx, this.outbox);
    this.activity = new ActivityRepository(ctx, this.outbox);
    this.sync = new SyncRepository(ctx);
    this.duplicates = new DuplicateFinder(ctx);
    this.people = new PeopleRepository(ctx);
    this.views = new SavedViewRepository(ctx);
    this.reports = new PipelineReports(this.store, now);
    this.handlers = createHandlers(this);
  }

  status(): AppStatus {
    const { store } = this;
    const leads = store.first(
      store.q.selectFrom('leads').select((e) => e.fn.countAll<number>().as('n')).where('deleted', '=', 0),
    );
    return { leads: leads?.n ?? 0, pendingOps: this.outbox.pendingCount() };
  }

  syncStatus(): SyncStatus {
    return this.liveSyncStatus?.() ?? syncStatus(this, this.now());
  }

  /**
   * Merging is for managers and for the owner of both leads: the server's rule, checked
   * here first so that a merge the user may not make is never queued.
   */
  mergeLeads(survivorId: string, mergedId: string, pick: MergePick): Lead {
    const me = this.people.me();
    if (me && me.role !== 'manager') {
      const mine = (id: string) => [null, me.id].includes(this.leads.get(id).ownerId);
      if (!mine(survivorId) || !mine(mergedId)) throw new AppError('not_allowed', 'Only a manager, or the owner of both leads, can merge them.');
    }
    return this.leads.merge(survivorId, mergedId, pick);
  }

  /** The possible-duplicates list is a managers' tool: it spans every agent's leads. */
  possibleDuplicates(limit: number): DuplicatePair[] {
    const me = this.people.me();
    if (me && me.role !== 'manager') throw new AppError('not_allowed', 'The possible-duplicates list is for managers.');
    return this.duplicates.possiblePairs(limit);
  }

  /**
   * Puts a value the merge rules did not keep back, as a new edit (which syncs like
   * any other). A stage is restored with its outcome and lost reason.
   */
  restoreConflict(id: number): Lead {
    const conflict = this.sync.conflict(id);
    if (conflict.restoredAt) throw new AppError('invalid_input', 'This value was already restored.');
    // A value of a lead merged away since goes back onto the lead it became.
    let lead = this.leads.get(conflict.leadId);
    for (let hops = 0; lead.mergedInto && hops < 20; hops++) lead = this.leads.get(lead.mergedInto);
    let restored: Lead;
    const used = [conflict.id];
    if (conflict.entity === 'task') {
      if (conflict.field !== 'dueAt' || typeof conflict.myValue !== 'string') {
        throw new AppError('invalid_input', 'Only a follow-up\'s due date can be restored; change the follow-up instead.');
      }
      this.activity.rescheduleTask(conflict.entityId!, conflict.myValue);
      restored = this.leads.get(lead.id);
    } else if ((STAGE_GROUP as readonly string[]).includes(conflict.field)) {
      const group = this.sync.conflicts().filter((c) => c.opId === conflict.opId && (STAGE_GROUP as readonly string[]).includes(c.field));
      const mine = (field: string, fallback: unknown) => group.find((c) => c.field === field)?.myValue ?? fallback;
      used.push(...group.map((c) => c.id));
      restored = this.leads.moveToStage(
        lead.id,
        mine('stage', lead.stage) as Stage,
        mine('outcome', null) as ClosedOutcome | null,
        mine('lostReason', null) as string | null,
      );
    } else if (conflict.field === 'ownerId' || conflict.field === 'branchId') {
      restored = this.leads.assign(
        lead.id,
        conflict.field === 'ownerId' ? String(conflict.myValue) : (lead.ownerId ?? ''),
        conflict.field === 'branchId' ? String(conflict.myValue) : lead.branchId,
      );
    } else if (conflict.field === 'phones') {
      restored = this.leads.update(lead.id, { phones: (conflict.myValue as Phone[]).map((p) => p.raw) });
    } else {
      restored = this.leads.update(lead.id, { [conflict.field]: conflict.myValue } as never);
    }
    this.sync.markRestored(used);
    return restored;
  }

  /** One small slice of store upkeep, for bulk writers between their transactions (see StoreUpkeep.step). */
  upkeepStep(): void {
    this.upkeep.step();
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
