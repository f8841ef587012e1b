import { useEffect, useRef, useState } from 'react';
import type { SyncState, SyncStatus } from '../../../shared/sync-status';
import { call, messageOf, useCrmEvent } from '../api';
import { syncNow, useSyncNowFailure } from './sync-now';
import { clockTime, duration, fullTime, timeAgo, useNow } from './time';
import './shell.css';

const STATE_LABELS: Record<SyncState, string> = {
  online: 'Online',
  offline: 'Offline',
  syncing: 'Syncing',
  error: 'Sync failed',
  'signed-out': 'Sign in again',
  'update-required': 'Update required',
};

/**
 * The answer to "is my work on the server yet, and if not, why?", always on screen.
 * Counts and relative times that tick on their own are kept out of the live region
 * (aria-live="off"), so a screen reader hears changes of state, not a clock.
 */
export function StatusBar() {
  const status = useSyncStatus();
  const syncNowFailure = useSyncNowFailure();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  // Seconds matter only while a retry is under a minute or two away.
  const retrySoon = status?.nextRetryAt != null && Date.parse(status.nextRetryAt) - Date.now() < 120_000;
  const now = useNow(retrySoon ? 1000 : 30_000);

  if (!status) {
    return (
      <footer className="statusbar" role="status" aria-live="polite" data-testid="sync-status">
        <span className="muted">Checking sync…</span>
      </footer>
    );
  }

  const { state, progress } = status;
  const attention = status.parkedOps + status.unresolvedConflicts;
  const retry = status.nextRetryAt && (state === 'error' || state === 'offline') ? retryText(status.nextRetryAt, now) : null;

  // Signing out (keeping unsent work) brings back the sign-in page for a new token.
  const signInAgain = async () => {
    setSignOutError(null);
    try {
      await call('session.signOut', { keepUnsynced: true });
    } catch (failure) {
      setSignOutError(messageOf(failure));
    }
  };

  return (
    <footer className="statusbar" role="status" aria-live="polite" data-testid="sync-status" data-state={state}>
      <span className={`sync-state sync-state-${state}`}>
        <span className="sync-dot" aria-hidden="true" />
        {state === 'signed-out' ? (
          <button type="button" className="link-button" onClick={() => void signInAgain()}>
            {STATE_LABELS[state]}
          </button>
        ) : (
          STATE_LABELS[state]
        )}
      </span>

      {state === 'syncing' && progress && (
        <span aria-live="off">
          {progress.phase === 'push' ? 'Sending your changes…' : `Receiving updates: ${progress.pulled.toLocaleString()} so far`}
        </span>
      )}

      {state === 'signed-out' && (
        <span className="sync-error" title={status.lastError ?? undefined}>
          The server no longer accepts this sign-in. Unsent changes stay on this computer.
        </span>
      )}
      {(state === 'error' || state === 'update-required') && status.lastError && (
        <span className="sync-error" title={status.lastError}>
          {status.lastError}
        </span>
      )}
      {state === 'offline' && <span className="muted">Your work is kept on this computer.</span>}
      {retry && (
        <span aria-live="off" className="muted">
          {retry}
        </span>
      )}

      <span className="sync-pending">
        <span data-testid="pending-count">{status.pendingOps}</span>{' '}
        {status.pendingOps === 1 ? 'change' : 'changes'} waiting to sync
        {status.oldestPendingAgeMs !== null && status.oldestPendingAgeMs >= 60_000 && (
          <span aria-live="off" className="muted">
            {' '}
            (oldest {duration(status.oldestPendingAgeMs)})
          </span>
        )}
      </span>

      {attention > 0 && (
        <a href="#/inbox" className="sync-attention">
          {attention} {attention === 1 ? 'needs' : 'need'} your attention
        </a>
      )}

      <span className="statusbar-end">
        {(syncNowFailure ?? signOutError) && (
          <span className="error" role="alert">
            {syncNowFailure ?? signOutError}
          </span>
        )}
        <span aria-live="off" className="muted">
          {status.lastSuccessAt ? (
            <>
              Last synced{' '}
              <time dateTime={status.lastSuccessAt} title={fullTime(status.lastSuccessAt)}>
                {timeAgo(status.lastSuccessAt, now)}
              </time>
            </>
          ) : (
            'Not synced yet'
          )}
        </span>
        <button
          type="button"
          onClick={() => void syncNow()}
          disabled={state === 'syncing' || state === 'signed-out' || state === 'update-required'}
        >
          Sync now
        </button>
      </span>
    </footer>
  );
}

/** "retrying in 40 s" while it is close, "retrying at 14:05" otherwise. */
function retryText(nextRetryAt: string, now: number): string {
  const wait = Date.parse(nextRetryAt) - now;
  if (wait <= 0) return 'retrying now';
  if (wait < 90_000) return `retrying in ${duration(wait)}`;
  return `retrying at ${clockTime(nextRetryAt)}`;
}

/**
 * The sync status: asked once, then kept current by `syncStatus` events. Local writes
 * change the pending count without a sync event, so `leadsChanged` asks again. An
 * answer that arrives after a newer event is dropped.
 */
function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const version = useRef(0);
  const ask = useRef(() => {
    const asked = ++version.current;
    call('sync.status', {}).then(
      (value) => {
        if (asked === version.current) setStatus(value);
      },
      // The bar keeps what it last knew; the next event or write asks again.
      () => {},
    );
  });
  useEffect(() => ask.current(), []);
  useCrmEvent('syncStatus', (value) => {
    version.current++;
    setStatus(value);
  });
  useCrmEvent('leadsChanged', () => ask.current());
  return status;
}
