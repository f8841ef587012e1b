import { newId } from '../../shared/ids';
import { editsLostToDelete, editsLostToMerge, mergeEdit, STAGE_GROUP, type FieldWriters, type LosingValue, type NotKeptField } from '../../shared/merge-rules';
import type { JsonValue } from '../../shared/outbox';
import {
  callLogValuesSchema,
  leadCreateValuesSchema,
  leadFieldSchemas,
  leadNoteValuesSchema,
  mergeValuesSchema,
  taskFieldSchemas,
  taskValuesSchema,
  type PushedOp,
  type PushResult,
} from '../../shared/protocol';
import type { LeadRow, TaskRow } from '../rows';
import { decodeWriters, encodeWriters, LEAD_FIELDS, leadFieldValues, TASK_FIELDS, taskFieldValues, toServerLead as toWire, withLeadFields } from '../rows';
import type { Caller } from '../users';
import { checkClosing, NO_SUCH_LEAD, NO_SUCH_TASK, OpRejected, parseChanges, parseOrReject } from './op-checks';
import type { WritePlan } from './write-plan';

/** What the push already knows before applying: rows loaded in bulk, and ops already applied. */
export interface BatchState {
  leads: Map<string, LeadRow>;
  tasks: Map<string, TaskRow>;
  applied: Map<string, { status: 'applied' | 'merged'; version: number; entity: string; entityId: string }>;
}

/** A merge chain longer than this is a bug somewhere; the op then stays on the lead it named. */
const MAX_MERGE_HOPS = 20;

/** A duplicate's current row is looked up after the push is written. */
export type PendingResult = PushResult | { opId: string; status: 'duplicate'; original: 'applied' | 'merged'; version: number; pendingRow: { entity: string; entityId: string } };

/**
 * Applies a push's ops in order against in-memory rows, recording every write in the
 * plan. Each op either applies fully or is rejected without leaving a trace.
 */
export class OpApplier {
  /** Every field of a new record is written by its creator in version 1. */
  private readonly creatorWriters: string;

  constructor(
    private readonly state: BatchState,
    private readonly plan: WritePlan,
    private readonly caller: Caller,
    /** The server's apply time: updated_at and stage_entered_at never come from a client. */
    private readonly now: string,
  ) {
    this.creatorWriters = encodeWriters({ '*': { by: caller.id, version: 1 } });
  }

  apply(op: PushedOp): PendingResult {
    const done = this.state.applied.get(op.opId);
    if (done) {
      return { opId: op.opId, status: 'duplicate', original: done.status, version: done.version, pendingRow: { entity: done.entity, entityId: done.entityId } };
    }
    // Every check of an op runs before its first write, so a rejection leaves nothing behind.
    try {
      const outcome = this.route(op);
      this.state.applied.set(op.opId, { status: outcome.status, version: outcome.version, entity: op.entity, entityId: op.entityId });
      this.plan.appliedOps.push({
        op_id: op.opId,
        user_id: this.caller.id,
        entity: op.entity,
        entity_id: op.entityId,
        status: outcome.status,
        version: outcome.version,
        applied_at: this.now,
      });
      return outcome;
    } catch (error) {
      if (!(error instanceof OpRejected)) throw error;
      return { opId: op.opId, status: 'rejected', code: error.code, message: error.message };
    }
  }

  private route(op: PushedOp): Extract<PushResult, { status: 'applied' | 'merged' }> {
    if (op.entity === 'lead' && op.entityId !== op.leadId) throw new OpRejected('invalid_op', 'a lead op must have entityId equal to leadId');
    switch (`${op.entity}.${op.type}`) {
      case 'lead.create':
        return this.createLead(op);
      case 'lead.update':
        return this.updateLead(op);
      case 'lead.delete':
        return this.setDeleted(op, true);
      case 'lead.restore':
        return this.setDeleted(op, false);
      case 'lead.merge':
        return this.mergeLeads(op);
      case 'call_log.create':
        return this.logCall(op);
      case 'lead_note.create':
        return this.addNote(op);
      case 'task.create':
        return this.createTask(op);
      case 'task.update':
        return this.updateTask(op);
      default:
        throw new OpRejected('unsupported', `${op.entity} records cannot be ${op.type}d: calls and notes are append-only, follow-ups are completed or rescheduled.`);
    }
  }

  private visibleLead(id: string): LeadRow {
    const lead = this.state.leads.get(id);
    if (!lead || !this.canSee(lead)) throw NO_SUCH_LEAD();
    return lead;
  }

  private canSee(lead: LeadRow): boolean {
    return lead.branch_id !== null && this.caller.branches.includes(lead.branch_id);
  }

  /**
   * The lead an op acts on: a lead merged away answers for its survivor (late edits,
   * calls, notes and follow-ups from clients that had not synced yet land there). A
   * survivor out of the caller's reach leaves the op on the tombstone.
   */
  private target(id: string): { lead: LeadRow; redirectedTo: string | undefined } {
    let lead = this.visibleLead(id);
    for (let hops = 0; lead.merged_into !== null && hops < MAX_MERGE_HOPS; hops++) {
      const survivor = this.state.leads.get(lead.merged_into);
      if (!survivor || !this.canSee(survivor)) break;
      lead = survivor;
    }
    return { lead, redirectedTo: lead.id === id ? undefined : lead.id };
  }

  private createLead(op: PushedOp): Extract<PushResult, { status: 'applied' }> {
    const values = parseOrReject(leadCreateValuesSchema, op.values);
    if (this.state.leads.has(op.entityId)) throw new OpRejected('id_taken', 'This id is already used; create the record under a new id.');
    checkClosing(values);
    const { caller } = this;
    const branch = values.branchId ?? caller.defaultBranch;
    if (!caller.branches.includes(branch)) throw new OpRejected('not_allowed', 'You can only create leads in your own branches.');
    const owner = values.ownerId ?? caller.id;
    if (owner !== caller.id && caller.role !== 'manager') throw new OpRejected('not_allowed', 'Only a manager can give a lead to someone else.');
    const fields: Record<string, JsonValue> = { ...values, ownerId: owner, branchId: branch };
    const row = withLeadFields(
      {
        id: op.entityId,
        deleted: 0,
        merged_into: null,
        version: 1,
        writers: this.creatorWriters,
        stage_entered_at: this.now,
        created_at: this.now,
        updated_at: this.now,
      },
      fields,
    );
    this.saveLead(row);
    this.plan.newLeadIds.add(row.id);
    this.plan.change({ branch_id: branch, user_id: null, kind: 'lead', entity_id: row.id, lead_id: row.id });
    // No "created" event row: the lead's created_at is that fact, and a row per create
    // was a quarter of what a 100K-lead push wrote.
    return { opId: op.opId, status: 'applied', version: 1 };
  }

  private updateLead(op: PushedOp): Extract<PushResult, { status: 'applied' | 'merged' }> {
    const { lead, redirectedTo } = this.target(op.leadId);
    const changes = parseChanges(op.changes, leadFieldSchemas);
    const { row, notKept } = this.changeLead(op, lead, changes, op.opId);
    const redirect = redirectedTo ? { redirectedTo } : {};
    if (notKept.length === 0) return { opId: op.opId, status: 'applied', version: row.version, ...redirect };
    return { opId: op.opId, status: 'merged', version: row.version, row: { entity: 'lead', lead: toWire(row) }, fields: notKept, ...redirect };
  }

  /**
   * Folds changed fields into a stored lead by the shared rules: checks rights, writes the
   * new version, its timeline events (the first one under `eventId` when given) and the
   * losers' conflicts. Throws OpRejected before writing anything.
   */
  private changeLead(
    op: PushedOp,
    lead: LeadRow,
    changes: Record<string, { value: JsonValue; base: JsonValue }>,
    eventId: string | null,
  ): { row: LeadRow; notKept: NotKeptField[] } {
    const current = leadFieldValues(lead);
    if (STAGE_GROUP.some((f) => f in changes)) {
      checkClosing(Object.fromEntries(STAGE_GROUP.map((f) => [f, f in changes ? changes[f]!.value : current[f]!])));
    }
    const reassigns = (['ownerId', 'branchId'] as const).filter((f) => f in changes && changes[f]!.value !== current[f]);
    if (reassigns.length) {
      if (this.caller.role !== 'manager') throw new OpRejected('not_allowed', 'Only a manager can reassign a lead.');
      const branch = changes.branchId?.value;
      if (branch !== undefined && (typeof branch !== 'string' || !this.caller.branches.includes(branch))) {
        throw new OpRejected('not_allowed', 'You can only move a lead to one of your branches.');
      }
      if ('ownerId' in changes && changes.ownerId!.value === null) throw new OpRejected('invalid_op', 'ownerId: a lead needs an owner');
    }
    const merged = mergeEdit({
      changes,
      current,
      writers: decodeWriters(lead.writers, LEAD_FIELDS),
      author: this.caller.id,
      deleted: lead.deleted === 1,
      nextVersion: lead.version + 1,
    });
    let row = lead;
    if (merged.written.length) {
      row = {
        ...withLeadFields(lead, merged.row),
        version: lead.version + 1,
        writers: encodeWriters(merged.writers),
        updated_at: this.now,
        stage_entered_at: merged.written.includes('stage') ? this.now : lead.stage_entered_at,
      };
      this.saveLead(row);
      const movedFrom = lead.branch_id !== row.branch_id ? lead.branch_id : null;
      if (movedFrom) this.plan.change({ branch_id: movedFrom, user_id: null, kind: 'lead_removed', entity_id: row.id, lead_id: row.id });
      this.plan.change({ branch_id: row.branch_id, user_id: null, kind: 'lead', entity_id: row.id, lead_id: row.id });
      if (movedFrom) this.plan.changes.push({ copyChildren: { leadId: row.id, branchId: row.branch_id! } });
      if (merged.written.includes('stage') || merged.written.includes('outcome')) {
        this.addEvent(eventId ?? newId(), row, 'stage_changed', {
          from: lead.stage,
          to: row.stage,
          data: { outcome: row.outcome, lostReason: row.lost_reason },
        });
        eventId = null;
      }
      if (merged.written.includes('ownerId') || merged.written.includes('branchId')) {
        this.addEvent(eventId ?? newId(), row, 'assigned', {
          from: null,
          to: null,
          data: { fromOwnerId: lead.owner_id, ownerId: row.owner_id, fromBranchId: lead.branch_id, branchId: row.branch_id },
        });
      }
    }
    this.addConflicts(op, 'lead', row.id, row, merged.losers);
    return { row, notKept: merged.notKept };
  }

  /**
   * Two leads become one: the survivor takes the fields the merger picked (an ordinary
   * edit, with the ordinary rules), the merged lead becomes a tombstone naming it, and
   * its calls, notes, follow-ups and events move to the survivor's timeline.
   */
  private mergeLeads(op: PushedOp): Extract<PushResult, { status: 'applied' | 'merged' }> {
    const values = parseOrReject(mergeValuesSchema, op.values);
    const { lead: survivor, redirectedTo } = this.target(op.leadId);
    const redirect = redirectedTo ? { redirectedTo } : {};
    const merged = this.visibleLead(values.mergedId);
    if (merged.merged_into !== null) {
      const final = this.target(merged.id).lead;
      // Both sides merged the same pair: the second merge has nothing left to do.
      if (final.id === survivor.id) return { opId: op.opId, status: 'applied', version: survivor.version, ...redirect };
      throw new OpRejected('not_allowed', `“${merged.name}” was already merged into “${final.name}”; merge into that lead instead.`);
    }
    if (merged.id === survivor.id) {
      throw new OpRejected('not_allowed', `“${this.state.leads.get(op.leadId)?.name ?? 'That lead'}” was already merged into “${merged.name}”.`);
    }
    if (survivor.deleted === 1) throw new OpRejected('not_allowed', `“${survivor.name}” was deleted; restore it before merging another lead into it.`);
    if (this.caller.role !== 'manager' && (survivor.owner_id !== this.caller.id || merged.owner_id !== this.caller.id)) {
      throw new OpRejected('not_allowed', 'Only a manager, or the owner of both leads, can merge them.');
    }
    const changes = op.changes && Object.keys(op.changes).length > 0 ? parseChanges(op.changes, leadFieldSchemas) : null;
    const { row, notKept } = changes ? this.changeLead(op, survivor, changes, null) : { row: survivor, notKept: [] };

    const lost = editsLostToMerge({
      mergedBaseVersion: values.mergedBaseVersion,
      merged: leadFieldValues(merged),
      survivor: leadFieldValues(row),
      writers: decodeWriters(merged.writers, LEAD_FIELDS),
      merger: this.caller.id,
    });
    const tombstone: LeadRow = { ...merged, deleted: 1, merged_into: row.id, version: merged.version + 1, updated_at: this.now };
    this.saveLead(tombstone);
    this.plan.change({ branch_id: tombstone.branch_id, user_id: null, kind: 'lead', entity_id: tombstone.id, lead_id: tombstone.id });
    // Restoring one of these puts the value on the survivor, where the merged lead now lives.
    this.addConflicts(op, 'lead', row.id, row, lost);
    for (const task of this.state.tasks.values()) {
      if (task.lead_id !== merged.id) continue;
      const moved = { ...task, lead_id: row.id };
      this.state.tasks.set(task.id, moved);
      if (this.plan.tasks.has(task.id)) this.plan.tasks.set(task.id, moved);
    }
    this.plan.changes.push({ moveChildren: { fromLeadId: merged.id, toLeadId: row.id, branchId: row.branch_id! } });
    this.addEvent(op.opId, row, 'merged', { from: null, to: null, data: { mergedId: merged.id, mergedName: merged.name } });
    if (notKept.length === 0) return { opId: op.opId, status: 'applied', version: row.version, ...redirect };
    return { opId: op.opId, status: 'merged', version: row.version, row: { entity: 'lead', lead: toWire(row) }, fields: notKept, ...redirect };
  }

  private setDeleted(op: PushedOp, deleted: boolean): Extract<PushResult, { status: 'applied' }> {
    const lead = this.visibleLead(op.leadId);
    if (lead.merged_into !== null) {
      // A merged-away lead is already a tombstone; bringing it back would split the person in two.
      if (deleted) return { opId: op.opId, status: 'applied', version: lead.version };
      const survivor = this.state.leads.get(lead.merged_into);
      const where = survivor && this.canSee(survivor) ? `“${survivor.name}” (${survivor.id})` : 'a lead outside your branches';
      throw new OpRejected('not_allowed', `“${lead.name}” was merged into ${where}; open that lead instead of restoring this one.`);
    }
    if (this.caller.role !== 'manager' && lead.owner_id !== this.caller.id) {
      throw new OpRejected('not_allowed', `Only the lead's owner or a manager can ${deleted ? 'delete' : 'restore'} it.`);
    }
    if ((lead.deleted === 1) === deleted) return { opId: op.opId, status: 'applied', version: lead.version };
    const row: LeadRow = { ...lead, deleted: deleted ? 1 : 0, version: lead.version + 1, updated_at: this.now };
    this.saveLead(row);
    this.plan.change({ branch_id: row.branch_id, user_id: null, kind: 'lead', entity_id: row.id, lead_id: row.id });
    this.addEvent(op.opId, row, deleted ? 'deleted' : 'restored', { from: null, to: null, data: {} });
    if (deleted) {
      const losers = editsLostToDelete({
        baseVersion: op.baseVersion,
        current: leadFieldValues(lead),
        writers: decodeWriters(lead.writers, LEAD_FIELDS),
        deleter: this.caller.id,
      });
      this.addConflicts(op, 'lead', row.id, row, losers);
    }
    return { opId: op.opId, status: 'applied', version: row.version };
  }

  private logCall(op: PushedOp): Extract<PushResult, { status: 'applied' }> {
    // Calls, notes and follow-ups stay with a deleted lead: they are history.
    const { lead, redirectedTo } = this.target(op.leadId);
    const values = parseOrReject(callLogValuesSchema, op.values);
    if (values.leadId !== op.leadId) throw new OpRejected('invalid_op', 'values.leadId must equal leadId');
    this.plan.callLogs.push({
      id: op.entityId,
      lead_id: lead.id,
      outcome: values.outcome,
      duration_s: values.durationSeconds,
      note: values.note,
      occurred_at: new Date(values.occurredAt).toISOString(),
      author_id: this.caller.id,
      created_at: this.now,
    });
    this.plan.change({ branch_id: lead.branch_id, user_id: null, kind: 'call_log', entity_id: op.entityId, lead_id: lead.id });
    return { opId: op.opId, status: 'applied', version: 1, ...(redirectedTo ? { redirectedTo } : {}) };
  }

  private addNote(op: PushedOp): Extract<PushResult, { status: 'applied' }> {
    const { lead, redirectedTo } = this.target(op.leadId);
    const values = parseOrReject(leadNoteValuesSchema, op.values);
    if (values.leadId !== op.leadId) throw new OpRejected('invalid_op', 'values.leadId must equal leadId');
    this.plan.notes.push({
      id: op.entityId,
      lead_id: lead.id,
      body: values.body,
      author_id: this.caller.id,
      occurred_at: new Date(values.occurredAt).toISOString(),
      created_at: this.now,
    });
    this.plan.change({ branch_id: lead.branch_id, user_id: null, kind: 'lead_note', entity_id: op.entityId, lead_id: lead.id });
    return { opId: op.opId, status: 'applied', version: 1, ...(redirectedTo ? { redirectedTo } : {}) };
  }

  private createTask(op: PushedOp): Extract<PushResult, { status: 'applied' }> {
    const { lead, redirectedTo } = this.target(op.leadId);
    const values = parseOrReject(taskValuesSchema, op.values);
    if (values.leadId !== op.leadId) throw new OpRejected('invalid_op', 'values.leadId must equal leadId');
    if (this.state.tasks.has(op.entityId)) throw new OpRejected('id_taken', 'This id is already used; create the record under a new id.');
    const writers: FieldWriters = { title: { by: this.caller.id, version: 1 }, dueAt: { by: this.caller.id, version: 1 }, doneAt: { by: this.caller.id, version: 1 } };
    const row: TaskRow = {
      id: op.entityId,
      lead_id: lead.id,
      title: values.title,
      due_at: new Date(values.dueAt).toISOString(),
      done_at: values.doneAt ? new Date(values.doneAt).toISOString() : null,
      author_id: this.caller.id,
      version: 1,
      writers: encodeWriters(writers),
      created_at: this.now,
      updated_at: this.now,
    };
    this.saveTask(row);
    this.plan.change({ branch_id: lead.branch_id, user_id: null, kind: 'task', entity_id: row.id, lead_id: lead.id });
    return { opId: op.opId, status: 'applied', version: 1, ...(redirectedTo ? { redirectedTo } : {}) };
  }

  private updateTask(op: PushedOp): Extract<PushResult, { status: 'applied' | 'merged' }> {
    const task = this.state.tasks.get(op.entityId);
    if (!task) throw NO_SUCH_TASK();
    let lead: LeadRow;
    try {
      // The op names the lead its author saw; a merge may have moved the task to the survivor since.
      lead = this.target(task.lead_id).lead;
      if (lead.id !== this.target(op.leadId).lead.id) throw NO_SUCH_TASK();
    } catch {
      throw NO_SUCH_TASK();
    }
    const changes = parseChanges(op.changes, taskFieldSchemas);
    const merged = mergeEdit({
      changes,
      current: taskFieldValues(task),
      writers: decodeWriters(task.writers, TASK_FIELDS),
      author: this.caller.id,
      deleted: false,
      nextVersion: task.version + 1,
    });
    let row = task;
    if (merged.written.length) {
      row = {
        ...task,
        title: merged.row.title as string,
        due_at: new Date(merged.row.dueAt as string).toISOString(),
        done_at: merged.row.doneAt ? new Date(merged.row.doneAt as string).toISOString() : null,
        version: task.version + 1,
        writers: encodeWriters(merged.writers),
        updated_at: this.now,
      };
      this.saveTask(row);
      this.plan.change({ branch_id: lead.branch_id, user_id: null, kind: 'task', entity_id: row.id, lead_id: lead.id });
    }
    this.addConflicts(op, 'task', row.id, lead, merged.losers);
    return { opId: op.opId, status: 'applied', version: row.version };
  }

  private saveLead(row: LeadRow): void {
    this.state.leads.set(row.id, row);
    this.plan.leads.set(row.id, row);
  }

  private saveTask(row: TaskRow): void {
    this.state.tasks.set(row.id, row);
    this.plan.tasks.set(row.id, row);
  }

  private addEvent(
    id: string,
    lead: LeadRow,
    kind: 'stage_changed' | 'deleted' | 'restored' | 'assigned' | 'merged',
    facts: { from: string | null; to: string | null; data: Record<string, JsonValue> },
  ): void {
    this.plan.events.push({
      id,
      lead_id: lead.id,
      kind,
      from_stage: facts.from,
      to_stage: facts.to,
      data: JSON.stringify(facts.data),
      actor_id: this.caller.id,
      at: this.now,
    });
    this.plan.change({ branch_id: lead.branch_id, user_id: null, kind: 'lead_event', entity_id: id, lead_id: lead.id });
  }

  /** Each losing value becomes a conflict record in its loser's feed. */
  private addConflicts(op: PushedOp, entity: 'lead' | 'task', entityId: string, lead: LeadRow, losers: LosingValue[]): void {
    for (const loser of losers) {
      if (!loser.loserId) continue;
      const id = newId();
      this.plan.conflicts.push({
        id,
        user_id: loser.loserId,
        lead_id: lead.id,
        entity,
        entity_id: entityId,
        field: loser.field,
        your_value: JSON.stringify(loser.value),
        kept_value: JSON.stringify(loser.keptValue),
        rule: loser.rule,
        op_id: op.opId,
        created_at: this.now,
        kept_by: this.caller.id,
      });
      this.plan.change({ branch_id: null, user_id: loser.loserId, kind: 'conflict', entity_id: id, lead_id: lead.id });
    }
  }
}
