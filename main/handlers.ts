import type { ChannelName, ResponseOf, SessionChannel, ShellChannel, ValidRequestOf } from '../shared/contract';
import type { Core } from './core';
import { importFromFile, importFromText } from './import/import-csv';
import { previewCsv } from './import/preview';
import { undoImport } from './import/undo-import';
import { runBulk } from './bulk/bulk-actions';
import { BulkLog } from './bulk/bulk-log';
import { exportLeadsCsv } from './bulk/export-leads';
import { undoBulk } from './bulk/undo-bulk';

/** One function per contract channel (or a subset of them), given a validated request. */
export type Handlers<Names extends ChannelName = ChannelName> = {
  [C in Names]: (request: ValidRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** Channels only the workspace answers: who is signed in, and when to sync. */
export type WorkspaceChannel = SessionChannel | 'sync.now';

/** What one user's data answers: every channel but the workspace's and the desktop shell's. */
export type CoreHandlers = Handlers<Exclude<ChannelName, WorkspaceChannel | ShellChannel>>;

/** The contract's handler table over the core's repositories. */
export function createHandlers(core: Core): CoreHandlers {
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
    'users.list': () => core.people.colleagues(),
    'leads.findDuplicates': (r) => core.duplicates.find({ phones: r.phones, email: r.email, name: r.name, branchId: r.branchId }, r.excludeId),
    'leads.merge': (r) => core.mergeLeads(r.survivorId, r.mergedId, r.pick),
    'leads.possibleDuplicates': (r) => core.possibleDuplicates(r.limit),
    'leads.dismissDuplicate': (r) => (core.duplicates.dismissPair(r.leadId, r.otherId), null),
    'views.list': () => core.views.list(),
    'views.save': (r) => core.views.save(r.name, r.query),
    'views.delete': (r) => (core.views.delete(r.id), null),
    'reports.funnel': (r) => core.reports.report('funnel', r),
    'reports.aging': (r) => core.reports.report('aging', r),
    'reports.activity': (r) => core.reports.report('activity', r),
    'reports.sources': (r) => core.reports.report('sources', r),
    'reports.exportCsv': (r) => core.reports.exportCsv(r.report, r.filter),
    'imports.fromFile': (r) => importFromFile(core, r),
    'imports.undo': (r) => undoImport(core, r.importId),
    'imports.fromText': (r) => importFromText(core, r),
    'imports.preview': (r) => previewCsv(core, r),
    'bulk.run': (r) => runBulk(core, r),
    'bulk.undo': (r) => undoBulk(core, r.bulkId, r.jobId),
    'bulk.last': () => new BulkLog(core.store).lastUndoable(),
    'bulk.exportCsv': (r) => exportLeadsCsv(core, r.target),
  };
}
