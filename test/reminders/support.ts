import type { SchedulerTimers } from '../../main/sync/sync-scheduler';

/**
 * Timers that run only when the test moves time on, and move the given clock with
 * them, so "an hour later" takes no time at all.
 */
export function manualTimers(clock: { set(ms: number): void }, startMs: number) {
  let nowMs = startMs;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: SchedulerTimers = {
    setTimeout: (run, ms) => {
      const id = nextId++;
      pending.set(id, { at: nowMs + ms, run });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  /** Moves time to `ms`, running each timer due on the way at its own moment. */
  const advanceTo = (ms: number) => {
    for (;;) {
      const [id, next] = [...pending].filter(([, t]) => t.at <= ms).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !next) break;
      pending.delete(id);
      nowMs = Math.max(nowMs, next.at);
      clock.set(nowMs);
      next.run();
    }
    nowMs = Math.max(nowMs, ms);
    clock.set(nowMs);
  };
  return { timers, advanceTo, pendingCount: () => pending.size };
}
