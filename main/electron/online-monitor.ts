import { net, powerMonitor } from 'electron';
import type { ConnectivitySignal } from '../sync/sync-scheduler';

/** Where the operating system's view of the network comes from (Electron's, or a test's). */
export interface NetworkSource {
  isOnline(): boolean;
  /** Calls back when the computer wakes from sleep; returns the function that stops it. */
  onResume(listener: () => void): () => void;
}

export interface PollTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface OnlineMonitor extends ConnectivitySignal {
  stop(): void;
}

/** Cheap (a flag the OS keeps), so a few seconds' delay in noticing the link is all it costs. */
export const ONLINE_POLL_MS = 3_000;

const realTimers: PollTimers = {
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * Turns the OS network flag into the sync scheduler's connectivity signal. Electron's
 * main process has no online/offline event, so the flag is read every few seconds and
 * at wake from sleep (when the link most often changed), and listeners hear only changes.
 * The scheduler still confirms "online" by probing the server.
 */
export function createOnlineMonitor(source: NetworkSource, timers: PollTimers = realTimers, pollMs = ONLINE_POLL_MS): OnlineMonitor {
  let online = source.isOnline();
  const listeners = new Set<(online: boolean) => void>();
  const check = () => {
    const now = source.isOnline();
    if (now === online) return;
    online = now;
    for (const listener of [...listeners]) listener(now);
  };
  const interval = timers.setInterval(check, pollMs);
  const stopResume = source.onResume(check);
  return {
    isOnline: () => online,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      timers.clearInterval(interval);
      stopResume();
      listeners.clear();
    },
  };
}

/** Electron's network flag and wake-from-sleep event; call after the app is ready. */
export const electronNetwork: NetworkSource = {
  isOnline: () => net.isOnline(),
  onResume(listener) {
    powerMonitor.on('resume', listener);
    return () => powerMonitor.off('resume', listener);
  },
};
