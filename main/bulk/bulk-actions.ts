import type { BulkOutcome, BulkLeadProblem, ValidRequestOf } from '../../shared/contract';
import { newId } from '../../shared/ids';
import type { Lead } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { Core } from '../core';
import { BulkLog, type BulkItem } from './bulk-log';

type BulkRequest = ValidRequestOf<'bulk.run'>;
type BulkAction = BulkRequest['action'];
type BulkTarget = BulkRequest['target'];

/**
 * Leads per transaction. Each lead is a full repository write (row, search entry,
 * timeline event, outbox op), so a chunk is one commit of a few hundred small writes;
 * between chunks the worker's loop answers the window's other calls.
 */
export const BULK_CHUNK_SIZE = 500;

/** What happened to one lead: changed (with what undo needs), or left alone and why. */
type Applied = { item: BulkItem } | { skipped: string };

/** Bulk actions running in this process, per core: their undo waits until they finish. */
const running = new WeakMap<Core, Set<string>>();

export function isBulkRunning(core: Core, bulkId: string): boolean {
  return running.get(core)?.has(bulkId) ?? false;
}

/**
 * Runs one action on many leads: a selection, or every live lead a filter matches
 * (resolved once, at the start). Every change goes through the repositories, so each
 * lead gets its row change, timeline event and outbox op as if edited by hand; leads
 * are written in chunks of BULK_CHUNK_SIZE, one transaction per chunk, with a
 * `jobProgress` event after each and a turn of the event loop between them. What each
 * lead held before is logged in the chunk's own transaction, for `undoBulk`.
 *
 * Refuses up front (nothing changes) when the user may not do the action at all:
 * reassigning is for managers. Leads an agent may not delete are skipped, as the
 * lead workspace hides Delete for them.
 */
export async function runBulk(core: Core, request: BulkRequest): Promise<BulkOutcome> {
  const { action, jobId } = request;
  const me = core.people.me();
  const manager = me?.role === 'manager';
  if (action.kind === 'assign' && !manager) throw new AppError('not_allowed', 'Only a manager can reassign leads.');
  const myId = me?.id ?? core.syncState().user_id;

  const ids = resolveTarget(core, request.target);
  const bulkId = newId();
  const log = new BulkLog(core.store);
  log.start(bulkId, action, ids.length, new Date().toISOString());
  const outcome: BulkOutcome = { bulkId, total: ids.length, changed: 0, skipped: 0, skippedBecause: [], failed: [] };
  const skippedBecause = new Map<string, number>();
  const progress = (done: number) => core.events.emit('jobProgress', { jobId, kind: 'bulk', done, total: ids.length });

  const inFlight = running.get(core) ?? new Set<string>();
  running.set(core, inFlight.add(bulkId));
  try {
    progress(0);
    for (let start = 0; start < ids.length; start += BULK_CHUNK_SIZE) {
      const chunk = ids.slice(start, start + BULK_CHUNK_SIZE);
      // Counted only once the chunk has committed: a chunk that fails leaves no trace.
      const counts = { changed: 0, skipped: new Map<string, number>(), failed: [] as BulkLeadProblem[] };
      try {
        core.events.holdLeadsChanged(() =>
          core.store.transaction(() => {
            const items: BulkItem[] = [];
            for (const leadId of chunk) {
              try {
                const applied = applyTo(core, action, leadId, { manager, myId });
                if ('item' in applied) {
                  items.push(applied.item);
                  counts.changed++;
                } else {
                  counts.skipped.set(applied.skipped, (counts.skipped.get(applied.skipped) ?? 0) + 1);
                }
              } catch (error) {
                // A refused lead (its own write was a savepoint, rolled back) does not stop the others.
                if (!(error instanceof AppError)) throw error;
                counts.failed.push({ leadId, name: leadName(core, leadId), reason: error.message });
              }
            }
            log.addItems(bulkId, items);
          }),
        );
      } catch (error) {
        log.finish(bulkId, outcome, new Date().toISOString());
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'internal',
          `The bulk action stopped after ${start} of ${ids.length} leads (${reason}); the leads before that keep the change.`,
        );
      }
      outcome.changed += counts.changed;
      outcome.failed.push(...counts.failed);
      for (const [reason, n] of counts.skipped) skippedBecause.set(reason, (skippedBecause.get(reason) ?? 0) + n);
      progress(Math.min(ids.length, start + chunk.length));
      core.upkeepStep();
      await new Promise(setImmediate);
    }
  } finally {
    inFlight.delete(bulkId);
  }
  outcome.skippedBecause = [...skippedBecause].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  outcome.skipped = outcome.skippedBecause.reduce((sum, s) => sum + s.count, 0);
  log.finish(bulkId, outcome, new Date().toISOString());
  return outcome;
}

/** The ids a bulk action works on, each once, in a fixed order. */
export function resolveTarget(core: Core, target: BulkTarget): string[] {
  if ('ids' in target) return [...new Set(target.ids)];
  return core.leads.idsMatching(target.filter);
}

function applyTo(core: Core, action: BulkAction, leadId: string, user: { manager: boolean; myId: string | null }): Applied {
  const lead = core.leads.get(leadId);
  if (action.kind === 'delete') {
    if (lead.deleted) return { skipped: 'already deleted' };
    if (!user.manager && lead.ownerId !== null && lead.ownerId !== user.myId) {
      return { skipped: "not yours to delete (a manager can delete colleagues' leads)" };
    }
    core.leads.delete(leadId);
    return { item: { leadId, kind: 'deleted', previous: null, written: null } };
  }
  if (lead.deleted) throw new AppError('not_found', 'the lead is deleted');
  switch (action.kind) {
    case 'moveToStage': {
      const outcome = action.outcome ?? null;
      const lostReason = action.lostReason ?? null;
      const before = stageGroup(lead);
      const moved = core.leads.moveToStage(leadId, action.stage, outcome, lostReason);
      const after = stageGroup(moved);
      if (JSON.stringify(after) === JSON.stringify(before)) return { skipped: 'already in that stage' };
      return { item: { leadId, kind: 'moved', previous: before, written: after } };
    }
    case 'assign': {
      const before = { ownerId: lead.ownerId, branchId: lead.branchId };
      const assigned = core.leads.assign(leadId, action.ownerId, action.branchId ?? null);
      const after = { ownerId: assigned.ownerId, branchId: assigned.branchId };
      if (after.ownerId === before.ownerId && after.branchId === before.branchId) return { skipped: 'already with that owner' };
      return { item: { leadId, kind: 'assigned', previous: before, written: after } };
    }
    case 'followUp': {
      const task = core.activity.createTask({ leadId, title: action.title, dueAt: action.dueAt });
      return { item: { leadId, kind: 'followUp', previous: null, written: { taskId: task.id, title: task.title, dueAt: task.dueAt } } };
    }
  }
}

/** A lead's name for a problem report, or null when it is not here. */
export function leadName(core: Core, leadId: string): string | null {
  try {
    return core.leads.get(leadId).name;
  } catch {
    return null;
  }
}

/** The fields a stage move sets together. */
export function stageGroup(lead: Lead): { stage: string; outcome: string | null; lostReason: string | null } {
  return { stage: lead.stage, outcome: lead.outcome, lostReason: lead.lostReason };
}
