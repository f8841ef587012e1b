import { useState } from 'react';
import type { Session } from '../../../shared/contract';
import { call, CrmError, messageOf } from '../api';
import { Dialog } from '../ui/Dialog';
import './shell.css';

const ROLE_LABELS: Record<string, string> = { agent: 'Agent', manager: 'Manager' };

/** "https://crm.example.com:8443/" → "crm.example.com:8443": what a person recognises. */
function serverName(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * Who is signed in, to which server, and signing out. Signing out asks first when
 * changes have not reached the server; the app shows the sign-in page on `sessionChanged`.
 */
export function UserMenu({ session }: { session: Session }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unsent, setUnsent] = useState<number | null>(null);

  const stay = () => {
    setUnsent(null);
    setError(null);
  };

  const signOut = async (keepUnsynced: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await call('session.signOut', { keepUnsynced });
      setUnsent(null);
    } catch (failure) {
      if (failure instanceof CrmError && failure.code === 'unsynced_work') {
        // The refusal carries no count; the status has the same one the core checked.
        const status = await call('sync.status', {}).catch(() => null);
        setUnsent(status?.pendingOps ?? 0);
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  const { user, serverUrl } = session;
  return (
    <div className="user-menu">
      <div className="user-who">
        {user ? (
          <span className="user-name">
            {user.name} <span className="badge">{ROLE_LABELS[user.role] ?? user.role}</span>
          </span>
        ) : (
          <span className="user-name muted">Not yet confirmed by the server</span>
        )}
        {serverUrl && (
          <span className="user-server muted" title={serverUrl}>
            {serverName(serverUrl)}
          </span>
        )}
      </div>
      <button type="button" onClick={() => void signOut(false)} disabled={busy}>
        Sign out
      </button>
      {error && unsent === null && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {unsent !== null && (
        <Dialog title="Sign out with unsent changes?" onClose={stay}>
          <div className="dialog-body shell-dialog">
            <p>
              {unsent === 1
                ? '1 change has not reached the server yet. It stays on this computer and will sync when you sign in again.'
                : `${unsent} changes have not reached the server yet. They stay on this computer and will sync when you sign in again.`}
            </p>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={stay}>
                Stay signed in
              </button>
              <button type="button" className="danger" onClick={() => void signOut(true)} disabled={busy}>
                Sign out anyway
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
