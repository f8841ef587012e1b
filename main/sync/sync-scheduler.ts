import type { Core } from '../core';
import { retryDelayMs } from './backoff';
import { SyncBusyError, type SyncEngine } from './sync-engine';
import { TransportError, type SyncTransport } from './transport';

/** The operating system's view of the network (Electron's net.isOnline and events, or the page's). */
export interface ConnectivitySignal {
  isOnline(): boolean;
  /** Calls back on every change; returns the function that stops listening. */
  onChange(listener: (online: boolean) => void): () => void;
}

export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncSchedulerOptions {
  core: Core;
  engine: SyncEngine;
  transport: Pick<SyncTransport, 'health'>;
  signal: ConnectivitySignal;
  now?: () => Date;
  random?: () => number;
  timers?: SchedulerTimers;
  /** Pull others' changes this often while online. */
  periodicMs?: number;
  /** Local writes within this window start one sync, not one each. */
  writeDebounceMs?: number;
  /** Longest wait between health probes while the server stays unreachable. */
  probeCapMs?: number;
}

/** Node's timers, unref'd so a pending wait never keeps the process alive. */
export const realTimers: SchedulerTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Decides when to sync: at start, when the link comes back (confirmed by probing the
 * server's /v1/health, with capped backoff so a flapping link causes no probe storm),
 * shortly after local writes, and periodically. One sync at a time; after a failure it
 * waits for the engine's backoff, and while sign-in or an update is needed it waits
 * for the user.
 */
export class SyncScheduler {
  private readonly timers: SchedulerTimers;
  private readonly now: () => Date;
  private readonly random: () => number;
  private online = false;
  private probeFailures = 0;
  private lastProbeAt = -Infinity;
  private probeGapMs = 1_000;
  private probeTimer: unknown = null;
  private syncTimer: unknown = null;
  private syncDueAt = Infinity;
  private running = false;
  private stopped = true;
  private readonly unsubscribers: (() => void)[] = [];
  /** Count of health probes sent (what a flapping link costs the server). */
  probes = 0;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    const { signal, core } = this.options;
    this.unsubscribers.push(signal.onChange((online) => this.connectivityChanged(online)));
    this.unsubscribers.push(
      core.events.on('leadsChanged', () => {
        if (this.online && !this.running && this.options.engine.repository.nextBatch(1).length > 0) {
          this.scheduleSync(this.options.writeDebounceMs ?? 2_000);
        }
      }),
    );
    this.connectivityChanged(signal.isOnline());
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribers.splice(0)) off();
    this.clear('probe');
    this.clear('sync');
  }

  /** "Sync now" from the user: skips the backoff wait. */
  syncNow(): void {
    if (this.online) this.scheduleSync(0, true);
    else if (this.options.signal.isOnline() && !this.probeTimer) this.probeSoon(0);
  }

  private connectivityChanged(osOnline: boolean): void {
    if (this.stopped) return;
    if (!osOnline) {
      this.online = false;
      this.options.engine.setOnline(false);
      this.clear('sync');
      this.clear('probe');
      return;
    }
    // Trust the OS only once the server answers. Probes keep their own pace whatever
    // the OS says: a link that flaps every second still costs one probe per backoff step.
    if (!this.probeTimer) this.probeSoon(Math.max(0, this.nextProbeAllowedAt - this.now().getTime()));
  }

  /** Earliest time the next probe may go: one second after the last, or the backoff after failures. */
  private get nextProbeAllowedAt(): number {
    return this.lastProbeAt + this.probeGapMs;
  }

  private probeSoon(delayMs: number): void {
    this.clear('probe');
    this.probeTimer = this.timers.setTimeout(() => void this.probe(), delayMs);
  }

  private async probe(): Promise<void> {
    this.probeTimer = null;
    if (this.stopped || !this.options.signal.isOnline()) return;
    this.probes++;
    this.lastProbeAt = this.now().getTime();
    try {
      await this.options.transport.health();
      this.probeFailures = 0;
      this.probeGapMs = 1_000;
      this.online = true;
      this.options.engine.setOnline(true);
      this.scheduleSync(0, true);
    } catch {
      this.wentOffline();
    }
  }

  private wentOffline(): void {
    this.online = false;
    this.options.engine.setOnline(false);
    this.clear('sync');
    this.probeFailures++;
    this.probeGapMs = Math.max(
      1_000,
      retryDelayMs(this.probeFailures, this.random, { baseMs: 1_000, capMs: this.options.probeCapMs ?? 60_000 }),
    );
    if (!this.stopped && this.options.signal.isOnline()) {
      this.probeSoon(Math.max(0, this.nextProbeAllowedAt - this.now().getTime()));
    }
  }

  private scheduleSync(delayMs: number, ignoreBackoff = false): void {
    if (this.stopped || !this.online) return;
    const state = this.options.core.syncState();
    if (state.blocked) return; // waits for the user: sign in again, or update
    let wait = delayMs;
    if (!ignoreBackoff && state.next_retry_at) wait = Math.max(wait, Date.parse(state.next_retry_at) - this.now().getTime());
    const dueAt = this.now().getTime() + wait;
    if (this.syncTimer && dueAt >= this.syncDueAt) return; // an earlier sync is already due
    this.clear('sync');
    this.syncDueAt = dueAt;
    this.syncTimer = this.timers.setTimeout(() => void this.runSync(), Math.max(0, wait));
  }

  private async runSync(): Promise<void> {
    this.syncTimer = null;
    this.syncDueAt = Infinity;
    if (this.stopped || !this.online) return;
    if (this.running) return this.scheduleSync(1_000);
    this.running = true;
    let next = this.options.periodicMs ?? 60_000;
    try {
      await this.options.engine.syncOnce();
    } catch (error) {
      if (error instanceof SyncBusyError) next = 2_000; // another process is syncing this folder
      else if (error instanceof TransportError && error.failure.kind === 'network') {
        // The server went away mid-sync: offline until a probe gets an answer again.
        this.running = false;
        this.wentOffline();
        return;
      } else next = 0; // the engine stored next_retry_at; scheduleSync waits for it
    } finally {
      this.running = false;
    }
    this.scheduleSync(next);
  }

  private clear(which: 'probe' | 'sync'): void {
    if (which === 'probe' && this.probeTimer) {
      this.timers.clearTimeout(this.probeTimer);
      this.probeTimer = null;
    }
    if (which === 'sync' && this.syncTimer) {
      this.timers.clearTimeout(this.syncTimer);
      this.syncTimer = null;
      this.syncDueAt = Infinity;
    }
  }
}
