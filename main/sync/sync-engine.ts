import { newId } from '../../shared/ids';
import { PAYLOAD_VERSION, type OutboxOp } from '../../shared/outbox';
import type { SyncStatus } from '../../shared/sync-status';
import { syncStatus } from './sync-status';
import type { Core } from '../core';
import type { SyncRepository } from '../repositories/sync-repository';
import { retryDelayMs } from './backoff';
import { feedPages } from './feed-pages';
import { SyncBusyError, SyncLease } from './sync-lease';
import { TransportError, type SyncTransport } from './transport';

export interface SyncReport {
  pushed: number;
  pulled: number;
  merged: number;
  parked: number;
  /** Ops still waiting (parked ones included). */
  remaining: number;
}

export interface SyncEngineOptions {
  core: Core;
  transport: SyncTransport;
  now?: () => Date;
  random?: () => number;
  /** Ops per push (the server takes up to 5,000). */
  batchSize?: number;
  /** Feed items per pull page. */
  pullLimit?: number;
  /**
   * Runs first in every sync, under the lease (the workspace confirms who the token
   * belongs to and refreshes colleagues). Its failures count like the sync's own.
   */
  beforeSync?: () => Promise<void>;
}

/** Sync cannot go on by itself until the user acts. */
export class SyncBlockedError extends Error {
  constructor(
    readonly blocked: 'signed_out' | 'update_required',
    message: string,
  ) {
    super(message);
  }
}

export { SyncBusyError } from './sync-lease';

/**
 * The client half of sync: drains the outbox in order, then pulls the feed from the
 * stored cursor. Free of Electron and of timers: the scheduler decides when.
 */
export class SyncEngine {
  readonly repository: SyncRepository;
  private readonly lease: SyncLease;
  private readonly now: () => Date;
  private readonly random: () => number;
  private running = false;
  private failures = 0;
  private progress: SyncStatus['progress'] = null;
  private online: boolean | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.repository = options.core.sync;
    this.lease = new SyncLease(options.core.store, newId(), this.now);
    options.core.liveSyncStatus = () => this.status();
  }

  /** The connectivity monitor's verdict; shown in the status. */
  setOnline(online: boolean): void {
    this.online = online;
    this.options.core.offline = !online;
    if (online) this.failures = 0; // connectivity changed: retry promptly
    this.publish();
  }

  /** One full sync: drain every sendable op, then pull until the feed is exhausted. */
  async syncOnce(): Promise<SyncReport> {
    if (this.running || !this.lease.tryAcquire()) throw new SyncBusyError('A sync is already running.');
    this.running = true;
    const report: SyncReport = { pushed: 0, pulled: 0, merged: 0, parked: 0, remaining: 0 };
    try {
      this.publish();
      await this.options.beforeSync?.();
      // beforeSync waited on the network: make sure this drain still holds the lease.
      this.lease.heartbeat();
      await this.drain(report);
      await this.pull(report);
      this.failures = 0;
      this.saveState({ last_success_at: this.now().toISOString(), last_error: null, last_error_at: null, next_retry_at: null, blocked: null });
    } catch (error) {
      // Taken over by another drain: that one reports; this is no failure of sync.
      if (!(error instanceof SyncBusyError)) this.recordFailure(error);
      throw error;
    } finally {
      this.running = false;
      this.progress = null;
      this.lease.release();
      report.remaining = this.options.core.outbox.pendingCount();
      this.publish();
    }
    return report;
  }

  /**
   * Pushes every sendable op, oldest first. While the server applies one batch, the
   * next is prepared (never touching a record still in flight), and it is sent before
   * the previous answer is recorded, so this side's work overlaps the server's.
   */
  private async drain(report: SyncReport): Promise<void> {
    const { core, transport } = this.options;
    const batchSize = this.options.batchSize ?? 1000;
    const clientId = core.syncState().client_id;
    const prepare = (inFlight: ReadonlySet<string>) => this.repository.takeNextBatch(batchSize, inFlight);
    const send = (ops: OutboxOp[]) => {
      const answer = transport.push({ clientId, payloadVersion: PAYLOAD_VERSION, ops });
      // A failure surfaces when the answer is awaited, after earlier batches are recorded.
      answer.catch(() => {});
      return { ops, answer };
    };
    const leadsOf = (...batches: { ops: OutboxOp[] }[]) => new Set(batches.flatMap((b) => b.ops.map((op) => op.leadId)));
    // A request goes onto the wire only once this side yields; without this the server
    // would wait for the whole of the next batch's local work before starting on it.
    const onTheWire = () => new Promise((resolve) => setImmediate(resolve));
    const firstOps = prepare(new Set());
    let current = firstOps.length ? send(firstOps) : null;
    if (current) await onTheWire();
    // The batch after `current`, made ready while the server works on `current`.
    let ready = current ? prepare(leadsOf(current)) : [];
    while (current) {
      this.progress = { pulled: report.pulled, phase: 'push' };
      const response = await current.answer;
      let next = ready.length ? send(ready) : null;
      if (next) await onTheWire();
      ready = next ? prepare(leadsOf(current, next)) : [];
      const outcome = this.repository.applyPushResults(current.ops, response.results, response.serverTime);
      report.pushed += outcome.pushed;
      report.merged += outcome.merged;
      report.parked += outcome.parked;
      this.lease.heartbeat();
      core.events.emit('leadsChanged', { ids: [...leadsOf(current)] });
      this.publish();
      if (!next) {
        // Everything left waited behind the batch just recorded (the same records).
        const rest = prepare(new Set());
        next = rest.length ? send(rest) : null;
        if (next) await onTheWire();
        ready = next ? prepare(leadsOf(next)) : [];
      }
      current = next;
    }
  }

  /**
   * Pages the feed from the stored cursor. Each next page is requested as soon as the
   * server names it, so the server prepares and sends it while this side writes (a first
   * sync of 100K leads is half waiting otherwise). Each page and its cursor commit together.
   */
  private async pull(report: SyncReport): Promise<void> {
    // A first sync into an empty database loads faster with the leads' indexes set aside.
    const bulkLoad = this.repository.beginBulkLoad();
    try {
      await this.pullPages(report);
    } finally {
      if (bulkLoad) await this.repository.endBulkLoad();
    }
  }

  private async pullPages(report: SyncReport): Promise<void> {
    const { core, transport } = this.options;
    // With the next page downloading while one is applied, 1,000 is as fast as 2,000
    // and holds about 30 MB less at the peak of a first sync.
    const limit = this.options.pullLimit ?? 1000;
    let resynced = false;
    for (;;) {
      try {
        for await (const page of feedPages(transport, core.syncState().cursor, limit)) {
          this.repository.applyFeedPage(page.items, page.cursor);
          report.pulled += page.items.length;
          this.progress = { pulled: report.pulled, phase: 'pull' };
          this.lease.heartbeat();
          const ids = new Set<string>();
          for (const item of page.items) {
            if (item.kind === 'lead') ids.add(item.lead.id);
            else if (item.kind === 'lead_removed') ids.add(item.leadId);
          }
          if (ids.size) core.events.emit('leadsChanged', { ids: [...ids] });
          this.publish();
          // Let the app's own work (the user's clicks) run between pages.
          if (page.hasMore) await new Promise((resolve) => setImmediate(resolve));
        }
        // Read to its end: after a resync, what the feed never brought again goes.
        this.repository.finishResync();
        return;
      } catch (error) {
        // The server cannot honour our cursor: pull everything again, once.
        if (!resynced && error instanceof TransportError && error.failure.kind === 'http' && error.failure.status === 410) {
          resynced = true;
          this.repository.startResync();
          continue;
        }
        throw error;
      }
    }
  }

  private recordFailure(error: unknown): void {
    const at = this.now();
    if (error instanceof TransportError && error.failure.kind === 'http') {
      const { status, message } = error.failure;
      if (status === 401) {
        this.saveState({ blocked: 'signed_out', last_error: 'Sign in again: the server no longer accepts this sign-in.', last_error_at: at.toISOString(), next_retry_at: null });
        return;
      }
      if (status === 426) {
        this.saveState({ blocked: 'update_required', last_error: `Update Fieldline: ${message}`, last_error_at: at.toISOString(), next_retry_at: null });
        return;
      }
    }
    this.failures++;
    const retryAfter = error instanceof TransportError && error.failure.kind === 'http' ? error.failure.retryAfterMs : null;
    const delay = retryDelayMs(this.failures, this.random, { retryAfterMs: retryAfter });
    this.saveState({
      last_error: error instanceof Error ? error.message : String(error),
      last_error_at: at.toISOString(),
      next_retry_at: new Date(at.getTime() + delay).toISOString(),
    });
  }

  private saveState(values: Partial<{ last_success_at: string | null; last_error: string | null; last_error_at: string | null; next_retry_at: string | null; blocked: string | null }>): void {
    const { store } = this.options.core;
    store.run(store.q.updateTable('sync_state').set(values).where('id', '=', 1));
  }

  /** Clears a block once the user signed in again or updated. */
  unblock(): void {
    this.failures = 0;
    this.saveState({ blocked: null, next_retry_at: null });
    this.publish();
  }

  status(): SyncStatus {
    return syncStatus(this.options.core, this.now(), { running: this.running, online: this.online, progress: this.progress });
  }

  private publish(): void {
    this.options.core.events.emit('syncStatus', this.status());
  }
}
