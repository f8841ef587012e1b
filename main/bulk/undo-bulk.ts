import type { BulkLeadProblem, BulkUndoOutcome } from '../../shared/contract';
import type { Lead } from '../../shared/model';
import type { ClosedOutcome, Stage } from '../../shared/pipeline';
import { AppError } from '../../shared/result';
import type { Core } from '../core';
import { BULK_CHUNK_SIZE, isBulkRunning, leadName, stageGroup } from './bulk-actions';
import { BulkLog, type BulkItem } from './bulk-log';

/**
 * Undoes a bulk action with new local edits (so it works after a sync too, and syncs
 * like any edit), in chunks like the action itself, and only where the lead still holds
 * what the action wrote:
 * - a moved lead goes back to its previous stage if it is still in the stage the action set;
 * - a reassigned lead goes back to its previous owner and branch if it still has the ones
 *   the action set (one that had no branch before cannot be put back in none: it says so);
 * - a follow-up the action created is marked done (follow-ups are never deleted), unless
 *   it was done or rescheduled since;
 * - a deleted lead is restored, unless someone restored or merged it since.
 * Everything left as it is comes back in `notUndone`, lead by lead, with the reason.
 */
export async function undoBulk(core: Core, bulkId: string, jobId?: string): Promise<BulkUndoOutcome> {
  const log = new BulkLog(core.store);
  const record = log.get(bulkId);
  if (!record) throw new AppError('not_found', `No bulk action with id ${bulkId}.`);
  if (record.undone_at) throw new AppError('invalid_input', `That bulk action was already undone at ${record.undone_at}.`);
  if (isBulkRunning(core, bulkId)) throw new AppError('invalid_input', 'That bulk action is still running; undo it once it has finished.');

  const items = log.itemsNewestFirst(bulkId);
  const result: BulkUndoOutcome = { bulkId, undone: 0, notUndone: [] };
  const progress = (done: number) => jobId && core.events.emit('jobProgress', { jobId, kind: 'bulk', done, total: items.length });
  progress(0);
  for (let start = 0; start < items.length; start += BULK_CHUNK_SIZE) {
    const chunk = items.slice(start, start + BULK_CHUNK_SIZE);
    const counts = { undone: 0, notUndone: [] as BulkLeadProblem[] };
    core.events.holdLeadsChanged(() =>
      core.store.transaction(() => {
        for (const item of chunk) {
          try {
            const reason = undoItem(core, item);
            if (reason === null) counts.undone++;
            else counts.notUndone.push({ leadId: item.leadId, name: leadName(core, item.leadId), reason });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            counts.notUndone.push({ leadId: item.leadId, name: leadName(core, item.leadId), reason: error.message });
          }
        }
        // The last chunk and the mark commit together: an undo cut short can be run again.
        if (start + BULK_CHUNK_SIZE >= items.length) log.markUndone(bulkId, new Date().toISOString());
      }),
    );
    result.undone += counts.undone;
    result.notUndone.push(...counts.notUndone);
    progress(start + chunk.length);
    core.upkeepStep();
    await new Promise(setImmediate);
  }
  if (items.length === 0) log.markUndone(bulkId, new Date().toISOString());
  return result;
}

/** Puts one lead back; answers null when done, or why it was left as it is. */
function undoItem(core: Core, item: BulkItem): string | null {
  let lead: Lead;
  try {
    lead = core.leads.get(item.leadId);
  } catch {
    return 'the lead no longer exists here';
  }
  const written = item.written ?? {};
  const previous = item.previous ?? {};
  if (item.kind === 'deleted') {
    if (lead.mergedInto) return 'it was merged into another lead since';
    if (!lead.deleted) return 'someone restored it since';
    core.leads.restore(lead.id);
    return null;
  }
  if (lead.deleted) return 'the lead was deleted since';
  switch (item.kind) {
    case 'moved': {
      if (JSON.stringify(stageGroup(lead)) !== JSON.stringify(written)) return `its stage was changed since (now ${describeStage(lead)})`;
      core.leads.moveToStage(
        lead.id,
        previous.stage as Stage,
        (previous.outcome as ClosedOutcome | null) ?? null,
        (previous.lostReason as string | null) ?? null,
      );
      return null;
    }
    case 'assigned': {
      if (lead.ownerId !== written.ownerId || lead.branchId !== written.branchId) return 'it was reassigned since';
      if (typeof previous.ownerId !== 'string') return 'it had no owner before, and a lead cannot be given back to nobody';
      // assign() keeps the branch when given none: a lead cannot be put back in no branch.
      if (typeof previous.branchId !== 'string' && lead.branchId !== null) return 'it had no branch before, and a lead cannot be taken out of every branch';
      core.leads.assign(lead.id, previous.ownerId, (previous.branchId as string | null) ?? null);
      return null;
    }
    case 'followUp': {
      const task = core.activity.task(String(written.taskId));
      if (task.doneAt) return 'the follow-up was done since; it stays done';
      if (task.dueAt !== written.dueAt) return 'the follow-up was rescheduled since; it stays on the list';
      core.activity.completeTask(task.id);
      return null;
    }
  }
}

function describeStage(lead: Lead): string {
  return lead.outcome ? `${lead.stage}, ${lead.outcome}` : lead.stage;
}
