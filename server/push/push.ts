import { PAYLOAD_VERSION } from '../../shared/outbox';
import type { EntityRow, PushRequest, PushResult } from '../../shared/protocol';
import type { ServerStore, WriteTransaction } from '../db/open-store';
import { toServerCallLog, toServerLead, toServerNote, toServerTask, type LeadRow, type TaskRow } from '../rows';
import type { Caller } from '../users';
import { OpApplier, type BatchState, type PendingResult } from './apply-ops';
import { WritePlan } from './write-plan';

export type PushOutcome =
  | { ok: true; results: PushResult[] }
  | { ok: false; status: 403 | 426; code: 'forbidden' | 'update_required'; message: string };

/** Oldest op format still accepted: the current one and the one before. */
export const OLDEST_PAYLOAD_VERSION = PAYLOAD_VERSION - 1;

/**
 * Applies one push in ONE transaction: ops in order, each applied, merged, known as a
 * duplicate or rejected. Nothing is half-written: if the store fails, nothing is.
 */
export async function push(store: ServerStore, caller: Caller, request: PushRequest, now: () => Date): Promise<PushOutcome> {
  const versions = [request.payloadVersion, ...request.ops.map((op) => op.payloadVersion)];
  if (versions.some((v) => v < OLDEST_PAYLOAD_VERSION)) {
    return { ok: false, status: 426, code: 'update_required', message: 'This app is too old for the server: update Fieldline, then sync again.' };
  }
  if (versions.some((v) => v > PAYLOAD_VERSION)) {
    // A newer client than this server: the server must be updated; retrying later is right.
    return { ok: false, status: 426, code: 'update_required', message: `The server understands ops up to version ${PAYLOAD_VERSION}; it needs an update.` };
  }
  return store.write(async (trx) => {
    const client = await trx.selectFrom('clients').select('user_id').where('client_id', '=', request.clientId).executeTakeFirst();
    if (client && client.user_id !== caller.id) {
      return { ok: false, status: 403, code: 'forbidden', message: 'This client id belongs to another user; sign in again to get a new one.' } as const;
    }
    if (!client) await trx.insertInto('clients').values({ client_id: request.clientId, user_id: caller.id, first_seen_at: now().toISOString() }).execute();

    const state = await loadState(trx, request, store.maxParams);
    const plan = new WritePlan();
    const applier = new OpApplier(state, plan, caller, now().toISOString());
    const pending = request.ops.map((op) => applier.apply(op));
    await plan.write(trx, store.kind, store.maxParams);
    return { ok: true, results: await finishDuplicates(trx, pending, state, caller) } as const;
  });
}

function inChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function loadState(trx: WriteTransaction, request: PushRequest, maxParams: number): Promise<BatchState> {
  const opIds = request.ops.map((op) => op.opId);
  const leadIds = [...new Set(request.ops.map((op) => op.leadId))];
  const taskIds = [...new Set(request.ops.filter((op) => op.entity === 'task').map((op) => op.entityId))];
  const state: BatchState = { leads: new Map(), tasks: new Map(), applied: new Map() };
  for (const ids of inChunks(opIds, maxParams)) {
    const rows = await trx.selectFrom('applied_ops').select(['op_id', 'status', 'version', 'entity', 'entity_id']).where('op_id', 'in', ids).execute();
    for (const r of rows) state.applied.set(r.op_id, { status: r.status as 'applied' | 'merged', version: r.version, entity: r.entity, entityId: r.entity_id });
  }
  // A merge names a second lead; a merged-away lead names its survivor (and that one maybe its own).
  for (const op of request.ops) {
    const mergedId = op.type === 'merge' ? op.values?.mergedId : undefined;
    if (typeof mergedId === 'string') leadIds.push(mergedId);
  }
  let wanted = [...new Set(leadIds)];
  while (wanted.length > 0) {
    const survivors = new Set<string>();
    for (const ids of inChunks(wanted, maxParams)) {
      for (const row of await trx.selectFrom('leads').selectAll().where('id', 'in', ids).execute()) {
        state.leads.set(row.id, row as LeadRow);
        if (row.merged_into !== null && !state.leads.has(row.merged_into)) survivors.add(row.merged_into);
      }
    }
    wanted = [...survivors].filter((id) => !state.leads.has(id));
  }
  for (const ids of inChunks(taskIds, maxParams)) {
    for (const row of await trx.selectFrom('tasks').selectAll().where('id', 'in', ids).execute()) state.tasks.set(row.id, row as TaskRow);
  }
  return state;
}

/** A duplicate answers with the record as it is now (or null once it is out of the caller's reach). */
async function finishDuplicates(trx: WriteTransaction, pending: PendingResult[], state: BatchState, caller: Caller): Promise<PushResult[]> {
  const visible = (leadId: string) => {
    const lead = state.leads.get(leadId);
    return lead && lead.branch_id !== null && caller.branches.includes(lead.branch_id) ? lead : undefined;
  };
  const results: PushResult[] = [];
  for (const result of pending) {
    if (!('pendingRow' in result)) {
      results.push(result);
      continue;
    }
    const { entity, entityId } = result.pendingRow;
    let row: EntityRow | null = null;
    if (entity === 'lead') {
      const lead = visible(entityId);
      if (lead) row = { entity: 'lead', lead: toServerLead(lead) };
    } else if (entity === 'task') {
      const task = state.tasks.get(entityId) ?? (await trx.selectFrom('tasks').selectAll().where('id', '=', entityId).executeTakeFirst());
      if (task && visible(task.lead_id)) row = { entity: 'task', task: toServerTask(task) };
    } else if (entity === 'call_log') {
      const call = await trx.selectFrom('call_logs').selectAll().where('id', '=', entityId).executeTakeFirst();
      if (call && (visible(call.lead_id) ?? (await visibleLead(trx, call.lead_id, caller)))) row = { entity: 'call_log', callLog: toServerCallLog(call) };
    } else if (entity === 'lead_note') {
      const note = await trx.selectFrom('lead_notes').selectAll().where('id', '=', entityId).executeTakeFirst();
      if (note && (visible(note.lead_id) ?? (await visibleLead(trx, note.lead_id, caller)))) row = { entity: 'lead_note', note: toServerNote(note) };
    }
    results.push({ opId: result.opId, status: 'duplicate', original: result.original, version: result.version, row });
  }
  return results;
}

async function visibleLead(trx: WriteTransaction, leadId: string, caller: Caller): Promise<boolean> {
  const lead = await trx.selectFrom('leads').select('branch_id').where('id', '=', leadId).executeTakeFirst();
  return Boolean(lead?.branch_id && caller.branches.includes(lead.branch_id));
}
