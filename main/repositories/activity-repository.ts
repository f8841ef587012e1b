import type { ValidRequestOf } from '../../shared/contract';
import { newId } from '../../shared/ids';
import type { CallLog, LeadNote, Task } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { RepositoryContext } from './context';
import { toCallLog, toLeadNote, toTask } from './activity-rows';
import type { OutboxRepository } from './outbox-repository';
import { refreshLeadTimes } from './derived-lead-times';

/**
 * What agents log against a lead: calls, timeline notes and follow-up tasks. Calls and
 * notes are append-only; a task is created, then completed or rescheduled. The lead's
 * derived `last_contacted_at` and `next_follow_up_at` are kept in the same transaction.
 */
export class ActivityRepository {
  constructor(
    private readonly ctx: RepositoryContext,
    private readonly outbox: OutboxRepository,
  ) {}

  logCall(request: ValidRequestOf<'calls.log'>): CallLog {
    const { store } = this.ctx;
    const call = store.transaction(() => {
      this.requireLiveLead(request.leadId);
      const now = this.ctx.now().toISOString();
      const row = {
        id: newId(),
        lead_id: request.leadId,
        outcome: request.outcome,
        duration_s: request.durationSeconds,
        note: request.note,
        occurred_at: request.occurredAt ? new Date(request.occurredAt).toISOString() : now,
        author_id: this.ctx.actorId(),
        created_at: now,
      };
      store.run(store.q.insertInto('call_logs').values(row));
      this.outbox.append({
        entity: 'call_log',
        entityId: row.id,
        leadId: row.lead_id,
        type: 'create',
        values: { leadId: row.lead_id, outcome: row.outcome, durationSeconds: row.duration_s, note: row.note, occurredAt: row.occurred_at },
        baseVersion: null,
      });
      store.run(
        store.q
          .updateTable('leads')
          .set({ last_contacted_at: row.occurred_at })
          .where('id', '=', row.lead_id)
          .where((e) => e.or([e('last_contacted_at', 'is', null), e('last_contacted_at', '<', row.occurred_at)])),
      );
      return toCallLog(row);
    });
    this.ctx.events.emit('leadsChanged', { ids: [call.leadId] });
    return call;
  }

  addNote(request: ValidRequestOf<'notes.add'>): LeadNote {
    const { store } = this.ctx;
    const note = store.transaction(() => {
      this.requireLiveLead(request.leadId);
      const row = {
        id: newId(),
        lead_id: request.leadId,
        body: request.body,
        author_id: this.ctx.actorId(),
        occurred_at: this.ctx.now().toISOString(),
      };
      store.run(store.q.insertInto('lead_notes').values(row));
      this.outbox.append({
        entity: 'lead_note',
        entityId: row.id,
        leadId: row.lead_id,
        type: 'create',
        values: { leadId: row.lead_id, body: row.body, occurredAt: row.occurred_at },
        baseVersion: null,
      });
      return toLeadNote(row);
    });
    this.ctx.events.emit('leadsChanged', { ids: [note.leadId] });
    return note;
  }

  createTask(request: ValidRequestOf<'tasks.create'>): Task {
    const { store } = this.ctx;
    const task = store.transaction(() => {
      this.requireLiveLead(request.leadId);
      const now = this.ctx.now().toISOString();
      const row = {
        id: newId(),
        lead_id: request.leadId,
        title: request.title,
        due_at: new Date(request.dueAt).toISOString(),
        done_at: null,
        author_id: this.ctx.actorId(),
        created_at: now,
        updated_at: now,
      };
      store.run(store.q.insertInto('tasks').values(row));
      this.outbox.append({
        entity: 'task',
        entityId: row.id,
        leadId: row.lead_id,
        type: 'create',
        values: { leadId: row.lead_id, title: row.title, dueAt: row.due_at, doneAt: null },
        baseVersion: null,
      });
      refreshLeadTimes(this.ctx.store, row.lead_id);
      return toTask(row);
    });
    this.ctx.events.emit('leadsChanged', { ids: [task.leadId] });
    return task;
  }

  completeTask(id: string): Task {
    return this.changeTask(id, 'doneAt', () => this.ctx.now().toISOString());
  }

  rescheduleTask(id: string, dueAt: string): Task {
    return this.changeTask(id, 'dueAt', () => new Date(dueAt).toISOString());
  }

  private changeTask(id: string, field: 'doneAt' | 'dueAt', next: () => string): Task {
    const { store } = this.ctx;
    const task = store.transaction(() => {
      const row = store.first(store.q.selectFrom('tasks').selectAll().where('id', '=', id));
      if (!row) throw new AppError('not_found', `No follow-up with id ${id}.`);
      this.requireLiveLead(row.lead_id);
      const column = field === 'doneAt' ? 'done_at' : 'due_at';
      if (field === 'doneAt' && row.done_at) return toTask(row);
      const value = next();
      const now = this.ctx.now().toISOString();
      store.run(store.q.updateTable('tasks').set({ [column]: value, updated_at: now }).where('id', '=', id));
      this.outbox.append({
        entity: 'task',
        entityId: id,
        leadId: row.lead_id,
        type: 'update',
        changes: { [field]: { value, base: row[column] } },
        baseVersion: null,
        compactable: true,
      });
      refreshLeadTimes(this.ctx.store, row.lead_id);
      return toTask({ ...row, [column]: value, updated_at: now });
    });
    this.ctx.events.emit('leadsChanged', { ids: [task.leadId] });
    return task;
  }

  private requireLiveLead(leadId: string): void {
    const { store } = this.ctx;
    const lead = store.first(store.q.selectFrom('leads').select('deleted').where('id', '=', leadId));
    if (!lead) throw new AppError('not_found', `No lead with id ${leadId}.`);
    if (lead.deleted) throw new AppError('not_found', `Lead ${leadId} is deleted; restore it first.`);
  }

  /** One follow-up as it is now (a bulk undo checks nobody changed it since). */
  task(id: string): Task {
    const { store } = this.ctx;
    const row = store.first(store.q.selectFrom('tasks').selectAll().where('id', '=', id));
    if (!row) throw new AppError('not_found', `No follow-up with id ${id}.`);
    return toTask(row);
  }
}
