import type { SyncStatus } from '../../shared/sync-status';
import { redactText } from './redact';

export interface LogLine {
  level: 'info' | 'warn';
  message: string;
}

/**
 * The log line for a sync status change, or null when nothing worth a line changed
 * (progress ticks are not logged). Counts and states only, plus the error text
 * redacted: never a lead or a person.
 */
export function describeSyncChange(previous: SyncStatus | null, next: SyncStatus): LogLine | null {
  const counts = `pending ${next.pendingOps}, parked ${next.parkedOps}, conflicts ${next.unresolvedConflicts}`;
  if (next.lastError && next.lastError !== previous?.lastError) {
    const retry = next.nextRetryAt ? `, retry at ${next.nextRetryAt}` : '';
    return { level: 'warn', message: `sync ${next.state}: ${redactText(next.lastError)} (${counts}${retry})` };
  }
  if (next.state !== previous?.state) {
    const synced = next.lastSuccessAt && next.lastSuccessAt !== previous?.lastSuccessAt ? `, synced at ${next.lastSuccessAt}` : '';
    return { level: 'info', message: `sync ${previous?.state ?? 'start'} -> ${next.state} (${counts}${synced})` };
  }
  if (next.parkedOps > (previous?.parkedOps ?? 0)) {
    return { level: 'warn', message: `sync: the server refused ${next.parkedOps - (previous?.parkedOps ?? 0)} change(s) (${counts})` };
  }
  return null;
}

/** Where sync statuses come from: the core host (`on('syncStatus', …)`). */
export interface SyncStatusSource {
  on(event: 'syncStatus', listener: (status: SyncStatus) => void): () => void;
}

/**
 * Writes a log line for each sync change worth one and remembers the latest status
 * (for diagnostics). Returns the latest-status reader and the function that stops.
 */
export function followSyncActivity(source: SyncStatusSource, write: (line: LogLine) => void): { latest(): SyncStatus | null; stop(): void } {
  let latest: SyncStatus | null = null;
  const stop = source.on('syncStatus', (status) => {
    const line = describeSyncChange(latest, status);
    latest = status;
    if (line) write(line);
  });
  return { latest: () => latest, stop };
}
