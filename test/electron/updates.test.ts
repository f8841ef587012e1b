import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECK_EVERY_MS, startAutoUpdates, type AutoUpdates, type Updater } from '../../main/electron/updates';
import type { SyncStatusSource } from '../../main/logging/sync-activity';
import { UpdateGate } from '../../main/updates/update-gate';
import type { SyncState, SyncStatus } from '../../shared/sync-status';
import { dialogStandIn } from '../support/electron-stand-in';

/** A stream of sync states as the core host would push them. */
function statusStream() {
  const listeners = new Set<(status: SyncStatus) => void>();
  const source: SyncStatusSource = {
    on: (_event, listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const push = (state: SyncState) => {
    const status = { state, pendingOps: 0, oldestPendingAgeMs: null, parkedOps: 0, unresolvedConflicts: 0, lastSuccessAt: null, lastError: null, nextRetryAt: null, progress: null, serverUrl: null };
    for (const listener of listeners) listener(status);
  };
  return { source, push, listening: () => listeners.size };
}

function gate() {
  const seen = { installs: 0, checks: 0 };
  const g = new UpdateGate({ install: () => seen.installs++, checkNow: () => seen.checks++ });
  return { g, seen };
}

describe('restarting to update never cuts a sync short (UpdateGate)', () => {
  it('installs at once when no sync runs', () => {
    for (const state of [null, 'online', 'offline', 'error', 'signed-out'] as const) {
      const { g, seen } = gate();
      if (state) g.syncStatusChanged({ state });
      expect(g.requestInstall()).toBe('now');
      expect(seen.installs).toBe(1);
    }
  });

  it('asked during a sync, it waits and installs as soon as the sync ends', () => {
    const { g, seen } = gate();
    g.syncStatusChanged({ state: 'online' });
    g.syncStatusChanged({ state: 'syncing' });
    expect(g.requestInstall()).toBe('after-sync');
    expect(g.waitingForSync).toBe(true);
    g.syncStatusChanged({ state: 'syncing' });
    expect(seen.installs).toBe(0);
    g.syncStatusChanged({ state: 'online' });
    expect(seen.installs).toBe(1);
    expect(g.waitingForSync).toBe(false);
  });

  it('a sync that ends badly (offline, error) also lets the install go ahead', () => {
    for (const end of ['offline', 'error', 'update-required'] as const) {
      const { g, seen } = gate();
      g.syncStatusChanged({ state: 'syncing' });
      g.requestInstall();
      g.syncStatusChanged({ state: end });
      expect(seen.installs).toBe(1);
    }
  });

  it('installs once, however many times it is asked and whatever follows', () => {
    const { g, seen } = gate();
    g.syncStatusChanged({ state: 'syncing' });
    g.requestInstall();
    g.requestInstall();
    g.syncStatusChanged({ state: 'online' });
    g.syncStatusChanged({ state: 'syncing' });
    g.syncStatusChanged({ state: 'online' });
    expect(g.requestInstall()).toBe('now');
    expect(seen.installs).toBe(1);
  });

  it('without a request, sync changes never install', () => {
    const { g, seen } = gate();
    for (const state of ['syncing', 'online', 'syncing', 'offline'] as const) g.syncStatusChanged({ state });
    expect(seen.installs).toBe(0);
  });

  it('looks for an update once when the server starts refusing this version', () => {
    const { g, seen } = gate();
    for (const state of ['online', 'update-required', 'update-required', 'online', 'update-required'] as const) g.syncStatusChanged({ state });
    expect(seen.checks).toBe(2);
  });
});

/** electron-updater's autoUpdater as far as the app uses it. */
class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = null;
  feeds: unknown[] = [];
  checks = 0;
  installs: unknown[][] = [];
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks++;
    return Promise.resolve(null);
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('auto-update in the app', () => {
  let running: AutoUpdates | null = null;
  beforeEach(() => {
    dialogStandIn.messageBoxes.length = 0;
    dialogStandIn.response = 0;
  });
  afterEach(() => {
    running?.stop();
    running = null;
    vi.useRealTimers();
  });

  function start(feedUrl: string | null = 'https://updates.example.com/fieldline') {
    const updater = new FakeUpdater();
    const stream = statusStream();
    running = startAutoUpdates({ core: stream.source, window: () => null, feedUrl, updater: updater as unknown as Updater, log: quiet });
    return { updater, stream };
  }

  it('a development run without a feed does not look for updates', () => {
    expect(start(null).updater.checks).toBe(0);
    expect(running).toBeNull();
  });

  it('uses the configured feed, downloads in the background, checks at start and every 4 hours', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { updater } = start();
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/fieldline' }]);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.checks).toBe(1);
    vi.advanceTimersByTime(CHECK_EVERY_MS);
    expect(updater.checks).toBe(2);
  });

  it('"Restart to update" during a sync restarts only when the sync has ended', async () => {
    const { updater, stream } = start();
    stream.push('syncing');
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(dialogStandIn.messageBoxes.map((b) => [b.message, b.buttons?.[0]])).toEqual([['Fieldline 0.2.0 is ready', 'Restart to update']]);
    expect(updater.installs).toEqual([]);
    stream.push('online');
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('"Later" leaves the update for the next quit, and the same version is not asked about again', async () => {
    dialogStandIn.response = 1;
    const { updater, stream } = start();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    stream.push('online');
    expect(dialogStandIn.messageBoxes).toHaveLength(1);
    expect(updater.installs).toEqual([]);
  });

  it('an update error is logged, not thrown, and stopping lets go of the sync status', () => {
    const { updater, stream } = start();
    expect(() => updater.emit('error', new Error('offline'))).not.toThrow();
    running!.stop();
    running = null;
    expect(stream.listening()).toBe(0);
    expect(updater.listenerCount('update-downloaded')).toBe(0);
  });
});
