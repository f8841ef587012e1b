import { useEffect, useState } from 'react';
import { call, messageOf } from '../api';

/**
 * "Sync now" runs from the status bar and from the command palette; a failure to start
 * is shown in the status bar either way, so it lives here rather than in one caller.
 */
let failure: string | null = null;
const listeners = new Set<(message: string | null) => void>();

function publish(message: string | null): void {
  failure = message;
  for (const listener of listeners) listener(message);
}

export async function syncNow(): Promise<void> {
  publish(null);
  try {
    await call('sync.now', {});
  } catch (error) {
    const message = messageOf(error);
    publish(message);
    // The status bar carries on with the sync's own state; the refusal is news only for a while.
    setTimeout(() => failure === message && publish(null), 15_000);
  }
}

/** Why the last "Sync now" could not start, or null. */
export function useSyncNowFailure(): string | null {
  const [message, setMessage] = useState(failure);
  useEffect(() => {
    listeners.add(setMessage);
    return () => void listeners.delete(setMessage);
  }, []);
  return message;
}
