import { useSyncExternalStore } from 'react';
import type { BulkAction, BulkOutcome, BulkTarget, BulkUndoOutcome } from '../../../shared/contract';
import { call, crm, messageOf } from '../api';

/** The last bulk action of this window, from start to undo, with its progress bar. */
export type BulkJob =
  | { phase: 'running'; userId: string | null; action: BulkAction; done: number; total: number | null }
  | { phase: 'done'; userId: string | null; action: BulkAction; outcome: BulkOutcome }
  | { phase: 'undoing'; userId: string | null; action: BulkAction; outcome: BulkOutcome; done: number; total: number | null }
  | { phase: 'undone'; userId: string | null; action: BulkAction; outcome: BulkOutcome; undo: BulkUndoOutcome }
  | { phase: 'failed'; userId: string | null; action: BulkAction; outcome: BulkOutcome | null; message: string };

/*
 * Kept outside any component: the user may go to the board to see what the action did,
 * and find its Undo still here when coming back to the table.
 */
let job: BulkJob | null = null;
const listeners = new Set<() => void>();

function set(next: BulkJob | null): void {
  job = next;
  for (const listener of listeners) listener();
}

export function useBulkJob(userId: string | null): BulkJob | null {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => job,
  );
  // Another user's action is not theirs to undo.
  return current && current.userId === userId ? current : null;
}

/**
 * After a reload or a restart the page has no job in memory: the core still knows the
 * last finished action that was not undone, and its Undo is offered again.
 */
export async function recallLastBulkJob(userId: string | null): Promise<void> {
  if (job) return;
  const last = await call('bulk.last', {});
  if (last && !job) set({ phase: 'done', userId, action: last.action, outcome: last.outcome });
}

export function dismissBulkJob(): void {
  if (job && job.phase !== 'running' && job.phase !== 'undoing') set(null);
}

export function bulkJobBusy(): boolean {
  return job?.phase === 'running' || job?.phase === 'undoing';
}

/** A fresh id for the progress events of one job. */
function newJobId(): string {
  return `bulk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Follows `jobProgress` for one job id; returns the unsubscribe function. */
function followProgress(jobId: string, onProgress: (done: number, total: number) => void): () => void {
  return crm().on('jobProgress', (progress) => {
    if (progress.jobId === jobId) onProgress(progress.done, progress.total);
  });
}

/** Runs a bulk action; the job store follows it to the end. Resolves once it finished (or failed). */
export async function startBulkJob(userId: string | null, target: BulkTarget, action: BulkAction): Promise<void> {
  const jobId = newJobId();
  set({ phase: 'running', userId, action, done: 0, total: null });
  const stop = followProgress(jobId, (done, total) => {
    if (job?.phase === 'running') set({ ...job, done, total });
  });
  try {
    const outcome = await call('bulk.run', { jobId, target, action });
    set({ phase: 'done', userId, action, outcome });
  } catch (failure) {
    set({ phase: 'failed', userId, action, outcome: null, message: messageOf(failure) });
  } finally {
    stop();
  }
}

/** Undoes the finished job shown. */
export async function undoBulkJob(): Promise<void> {
  if (job?.phase !== 'done') return;
  const { userId, action, outcome } = job;
  const jobId = newJobId();
  set({ phase: 'undoing', userId, action, outcome, done: 0, total: null });
  const stop = followProgress(jobId, (done, total) => {
    if (job?.phase === 'undoing') set({ ...job, done, total });
  });
  try {
    const undo = await call('bulk.undo', { bulkId: outcome.bulkId, jobId });
    set({ phase: 'undone', userId, action, outcome, undo });
  } catch (failure) {
    set({ phase: 'failed', userId, action, outcome, message: messageOf(failure) });
  } finally {
    stop();
  }
}
