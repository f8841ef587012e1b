import type { SyncState, SyncStatus } from '../../shared/sync-status';
import type { Core } from '../core';

/** The status as stored; `live` adds what only a running engine knows. */
export function syncStatus(
  core: Core,
  now: Date,
  live: { running: boolean; online: boolean | null; progress: SyncStatus['progress'] } = { running: false, online: null, progress: null },
): SyncStatus {
  const { store } = core;
  const state = core.syncState();
  // Published after every pushed batch: each figure is read from an index, never by
  // scanning every queued op (100K of them took 60 ms). Ops queue in time order, so the
  // first one queued is the oldest.
  const pending = {
    n: store.first(store.q.selectFrom('outbox').select((e) => e.fn.countAll<number>().as('n')))!.n,
    oldest: store.first(store.q.selectFrom('outbox').select('created_at').orderBy('seq').limit(1))?.created_at ?? null,
    parked: store.first(store.q.selectFrom('outbox').select((e) => e.fn.countAll<number>().as('n')).where('parked_at', 'is not', null))!.n,
  };
  const conflicts = store.first(
    store.q.selectFrom('conflicts').select((e) => e.fn.countAll<number>().as('n')).where('restored_at', 'is', null),
  )!;
  let syncState: SyncState;
  if (state.blocked === 'signed_out' || !state.server_url) syncState = 'signed-out';
  else if (state.blocked === 'update_required') syncState = 'update-required';
  else if (live.running) syncState = 'syncing';
  else if (live.online === false) syncState = 'offline';
  else if (state.last_error) syncState = 'error';
  else syncState = 'online';
  return {
    state: syncState,
    pendingOps: pending.n,
    oldestPendingAgeMs: pending.oldest ? Math.max(0, now.getTime() - Date.parse(pending.oldest)) : null,
    parkedOps: pending.parked,
    unresolvedConflicts: conflicts.n,
    lastSuccessAt: state.last_success_at,
    lastError: state.last_error,
    nextRetryAt: state.next_retry_at,
    progress: live.progress,
    serverUrl: state.server_url,
  };
}
