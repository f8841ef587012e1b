import type { ChannelName, ResponseOf, ValidRequestOf } from '../shared/contract';
import type { Core } from './core';

/** One function per contract channel, given a validated request. */
export type Handlers = {
  [C in ChannelName]: (request: ValidRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** The contract's handler table over the core's repositories. */
export function createHandlers(core: Core): Handlers {
  const { leads, activity, outbox, sync } = core;
  return {
    'leads.create': (r) => leads.create(r),
    'leads.get': (r) => leads.get(r.id),
    'leads.detail': (r) => leads.detail(r.id),
    'leads.update': (r) => leads.update(r.id, r.changes),
    'leads.moveToStage': (r) => leads.moveToStage(r.id, r.stage, r.outcome ?? null, r.lostReason),
    'leads.delete': (r) => leads.delete(r.id),
    'leads.restore': (r) => leads.restore(r.id),
    'leads.list': (r) => leads.list(r),
    'leads.countByStage': (r) => leads.countByStage(r),
    'calls.log': (r) => activity.logCall(r),
    'notes.add': (r) => activity.addNote(r),
    'tasks.create': (r) => activity.createTask(r),
    'tasks.complete': (r) => activity.completeTask(r.id),
    'tasks.reschedule': (r) => activity.rescheduleTask(r.id, r.dueAt),
    'leads.assign': (r) => leads.assign(r.id, r.ownerId, r.branchId ?? null),
    'sync.status': () => core.syncStatus(),
    'conflicts.list': (r) => sync.conflicts(r.includeRestored),
    'conflicts.restore': (r) => core.restoreConflict(r.id),
    'parked.list': () => sync.parked(),
    'parked.retry': (r) => (sync.retryParked(r.opId), null),
    'parked.discard': (r) => (sync.discardParked(r.opId), null),
    'outbox.list': (r) => outbox.list(r.limit),
    'app.status': () => core.status(),
  };
}
