import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncEngine } from '../../main/sync/sync-engine';
import { SyncScheduler, type ConnectivitySignal } from '../../main/sync/sync-scheduler';
import { TransportError, type SyncTransport } from '../../main/sync/transport';
import { draft } from './support';
import { tempCore } from '../support/temp';

/** An OS network signal the test flips by hand. */
function manualSignal(initial: boolean) {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  const signal: ConnectivitySignal = {
    isOnline: () => online,
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  return Object.assign(signal, {
    set(value: boolean) {
      online = value;
      for (const l of listeners) l(value);
    },
  });
}

/** A server stand-in that counts what it was asked. */
function countingTransport(reachable: () => boolean) {
  const calls = { health: 0, push: 0, pull: 0 };
  const down = () => new TransportError({ kind: 'network', message: 'unreachable' });
  const transport: SyncTransport = {
    health: async () => {
      calls.health++;
      if (!reachable()) throw down();
      return { serverTime: new Date().toISOString() };
    },
    me: async () => Promise.reject(down()),
    users: async () => Promise.reject(down()),
    push: async (body) => {
      calls.push++;
      if (!reachable()) throw down();
      return { results: body.ops.map((op) => ({ opId: op.opId, status: 'applied' as const, version: 1 })), serverTime: new Date().toISOString() };
    },
    pull: async () => {
      calls.pull++;
      if (!reachable()) throw down();
      return { items: [], cursor: 'c1', hasMore: false, serverTime: new Date().toISOString() };
    },
  };
  return { transport, calls };
}

describe('when sync runs', () => {
  beforeEach(() => void vi.useFakeTimers({ now: new Date('2026-06-01T09:00:00Z') }));
  afterEach(() => void vi.useRealTimers());

  function setUp(online: boolean, reachable = () => true) {
    const core = tempCore({ now: () => new Date() });
    core.sync.bind('http://127.0.0.1:9', 'me');
    const { transport, calls } = countingTransport(reachable);
    const engine = new SyncEngine({ core, transport, random: () => 0.5 });
    const signal = manualSignal(online);
    const scheduler = new SyncScheduler({ core, engine, transport, signal, random: () => 0.5, timers: { setTimeout, clearTimeout } as never });
    return { core, engine, signal, scheduler, calls };
  }

  it('work done offline is sent as soon as the link comes back and the server answers', async () => {
    const { core, signal, scheduler, calls } = setUp(false);
    scheduler.start();
    core.leads.create(draft('Offline lead', '01000000001'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.push).toBe(0);
    signal.set(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.health).toBe(1);
    expect(calls.push).toBe(1);
    expect(core.outbox.pendingCount()).toBe(0);
    scheduler.stop();
  });

  it('several quick edits start one sync, after a short pause', async () => {
    const { core, scheduler, calls } = setUp(true);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    const pushesAtStart = calls.push;
    const lead = core.leads.create(draft('A', '01000000001'));
    await vi.advanceTimersByTimeAsync(500);
    core.leads.update(lead.id, { notes: 'one' });
    await vi.advanceTimersByTimeAsync(500);
    core.leads.update(lead.id, { notes: 'two' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls.push - pushesAtStart).toBe(1);
    expect(core.outbox.pendingCount()).toBe(0);
    scheduler.stop();
  });

  it('a link that flaps every second causes a bounded number of probes', async () => {
    const { signal, scheduler, calls } = setUp(false, () => false);
    scheduler.start();
    for (let i = 0; i < 600; i++) {
      signal.set(i % 2 === 0);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    // Ten minutes of flapping: with backoff capped at a minute, no more than a few dozen probes.
    expect(calls.health).toBeLessThan(40);
    expect(calls.health).toBeGreaterThan(3);
    scheduler.stop();
  });

  it('pulls colleagues\' changes periodically while online', async () => {
    const { scheduler, calls } = setUp(true);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 100);
    expect(calls.pull).toBeGreaterThanOrEqual(5);
    expect(calls.pull).toBeLessThanOrEqual(7);
    scheduler.stop();
  });

  it('after failures it backs off instead of hammering the server', async () => {
    let up = true;
    const { core, scheduler, calls } = setUp(true, () => up);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    up = false;
    core.leads.create(draft('A', '01000000001'));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    // Exponential backoff capped at 5 minutes: about 10 tries in 10 minutes, not hundreds.
    expect(calls.push).toBeLessThan(15);
    up = true;
    await vi.advanceTimersByTimeAsync(6 * 60_000);
    expect(core.outbox.pendingCount()).toBe(0);
    scheduler.stop();
  });
});
