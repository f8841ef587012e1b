import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { BULK_CHUNK_SIZE } from '../../main/bulk/bulk-actions';
import type { ContractEvents } from '../../shared/contract';
import { unescapeCell } from '../../shared/csv-cells';
import { invoke } from '../support/invoke';
import { fingerprint, tempCore } from '../support/temp';
import { draft, signIn, startServer } from '../sync/support';

const JOB = 'job-1';

/** `count` leads, as if synced: the server has them and the outbox is empty. */
function syncedLeads(core: Core, count: number, name = (i: number) => `Lead ${i}`): string[] {
  const ids = core.leads.createMany(Array.from({ length: count }, (_, i) => draft(name(i), `010${String(i).padStart(8, '0')}`)));
  core.store.connection.exec('UPDATE leads SET server_version = 1; DELETE FROM outbox;');
  return ids;
}

/** Signs the core in as a user with a role, as the first sync would (no server needed for local rules). */
function signedInAs(core: Core, role: 'agent' | 'manager', id = `${role}-1`) {
  core.sync.bind('http://127.0.0.1:1', id);
  core.people.rememberMe({ id, name: role === 'manager' ? 'Mona' : 'Omar', role, branches: ['cairo'] });
}

async function run(core: Core, request: Parameters<typeof invoke<'bulk.run'>>[2]) {
  const result = await invoke(core.handlers, 'bulk.run', request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function undo(core: Core, bulkId: string) {
  const result = await invoke(core.handlers, 'bulk.undo', { bulkId });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function record<E extends keyof ContractEvents>(core: Core, event: E): ContractEvents[E][] {
  const seen: ContractEvents[E][] = [];
  core.events.on(event, (payload) => seen.push(payload));
  return seen;
}

describe('bulk actions', () => {
  it('moves a few thousand leads in chunks: one transaction and one progress step per chunk, one outbox op per lead', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 2_300);
    const progress = record(core, 'jobProgress');
    const changed = record(core, 'leadsChanged');
    let commits = 0;
    const noteCommit = core.store.onCommit;
    core.store.onCommit = () => {
      commits++;
      noteCommit();
    };

    const outcome = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'contacted' } });
    expect(outcome).toMatchObject({ total: 2_300, changed: 2_300, skipped: 0, failed: [] });

    const chunks = Math.ceil(2_300 / BULK_CHUNK_SIZE);
    expect(commits).toBe(chunks);
    expect(progress.map((p) => p.done)).toEqual([0, 500, 1000, 1500, 2000, 2300]);
    expect(progress.every((p) => p.jobId === JOB && p.kind === 'bulk' && p.total === 2_300)).toBe(true);
    // The window hears about each chunk once, not about each lead.
    expect(changed).toHaveLength(chunks);
    expect(new Set(changed.flatMap((c) => c.ids))).toEqual(new Set(ids));

    const ops = core.outbox.list(10_000);
    expect(ops).toHaveLength(2_300);
    expect(new Set(ops.map((op) => op.entityId))).toEqual(new Set(ids));
    expect(ops.every((op) => op.type === 'update' && JSON.stringify(op.changes?.stage) === '{"value":"contacted","base":"new"}')).toBe(true);
    expect(core.leads.countByStage({})).toMatchObject({ new: 0, contacted: 2_300 });
    // Each lead's timeline has the move, as if moved by hand.
    const timeline = core.leads.detail(ids[1234]!).timeline;
    expect(timeline.some((t) => t.kind === 'event' && t.event.kind === 'stage_changed' && t.event.toStage === 'contacted')).toBe(true);

    // Moving them again changes nothing and queues nothing.
    const again = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'contacted' } });
    expect(again).toMatchObject({ changed: 0, skipped: 2_300, skippedBecause: [{ reason: 'already in that stage', count: 2_300 }] });
    expect(core.outbox.pendingCount()).toBe(2_300);
  });

  it('a failure mid-chunk rolls that whole chunk back; the chunks before it stay and can be undone', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 1_200);
    const move = core.leads.moveToStage.bind(core.leads);
    let calls = 0;
    core.leads.moveToStage = (...args) => {
      if (++calls === 700) throw new Error('disk I/O error');
      return move(...args);
    };
    const result = await invoke(core.handlers, 'bulk.run', { jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'viewing' } });
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The bulk action stopped after 500 of 1200 leads (disk I/O error); the leads before that keep the change.' },
    });
    expect(core.leads.countByStage({})).toMatchObject({ new: 700, viewing: 500 });
    expect(ids.slice(0, 500).every((id) => core.leads.get(id).stage === 'viewing')).toBe(true);
    expect(core.outbox.pendingCount()).toBe(500);

    core.leads.moveToStage = move;
    const [logged] = core.store.all(core.store.q.selectFrom('bulk_actions').select('id'));
    expect(await undo(core, logged!.id)).toMatchObject({ undone: 500, notUndone: [] });
    expect(core.leads.countByStage({})).toMatchObject({ new: 1_200, viewing: 0 });
  });

  it('"everything matching" is what the filter matched at the start: a lead that matches later is left alone', async () => {
    const core = tempCore();
    syncedLeads(core, 1_200, (i) => (i % 2 ? `Karim ${i}` : `Sara ${i}`));
    let lateId: string | null = null;
    core.events.on('jobProgress', (p) => {
      // Between two chunks, someone adds a lead that matches the filter.
      if (p.done === 500 && !lateId) lateId = core.leads.create(draft('Karim Late', '01099999999')).id;
    });
    const outcome = await run(core, {
      jobId: JOB,
      target: { filter: { search: 'karim', stage: 'new' } },
      action: { kind: 'moveToStage', stage: 'closed', outcome: 'lost', lostReason: 'bought elsewhere' },
    });
    expect(outcome).toMatchObject({ total: 600, changed: 600, failed: [] });
    expect(lateId).not.toBeNull();
    expect(core.leads.get(lateId!).stage).toBe('new');
    expect(core.leads.countByStage({ search: 'sara' })).toMatchObject({ new: 600, closed: 0 });
    const closed = core.leads.list({ stage: 'closed', sort: 'name', limit: 1 }).items[0]!;
    expect(closed).toMatchObject({ outcome: 'lost', lostReason: 'bought elsewhere' });
  });

  it('sets a follow-up on each lead as tasks.create does, and reports leads that could not take one', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 3);
    core.leads.delete(ids[2]!);
    const dueAt = '2026-03-05T10:00:00.000Z';
    const outcome = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'followUp', title: 'Call about the offer', dueAt } });
    expect(outcome).toMatchObject({ total: 3, changed: 2, skipped: 0, failed: [{ leadId: ids[2], name: 'Lead 2', reason: 'the lead is deleted' }] });
    for (const id of ids.slice(0, 2)) {
      expect(core.leads.detail(id).tasks).toMatchObject([{ title: 'Call about the offer', dueAt, doneAt: null }]);
      expect(core.leads.get(id).nextFollowUpAt).toBe(dueAt);
    }
    expect(core.outbox.list(10).filter((op) => op.entity === 'task' && op.type === 'create')).toHaveLength(2);
  });

  it('reassigning is for managers: an agent is refused and nothing changes', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 3);
    signedInAs(core, 'agent');
    const before = fingerprint(core);
    const refused = await invoke(core.handlers, 'bulk.run', { jobId: JOB, target: { ids }, action: { kind: 'assign', ownerId: 'agent-2' } });
    expect(refused).toEqual({ ok: false, error: { code: 'not_allowed', message: 'Only a manager can reassign leads.' } });
    expect(fingerprint(core)).toBe(before);

    signedInAs(core, 'manager', 'agent-1');
    const outcome = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'assign', ownerId: 'agent-2' } });
    expect(outcome).toMatchObject({ changed: 3 });
    expect(ids.map((id) => core.leads.get(id).ownerId)).toEqual(['agent-2', 'agent-2', 'agent-2']);
  });

  it("an agent's bulk delete skips colleagues' leads, as the lead view hides Delete for them", async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 4);
    signedInAs(core, 'agent', 'omar');
    core.leads.assign(ids[0]!, 'omar', null);
    core.leads.assign(ids[1]!, 'karim', null);
    // ids[2] and ids[3] have no owner yet.
    const outcome = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'delete' } });
    expect(outcome).toMatchObject({
      changed: 3,
      skipped: 1,
      skippedBecause: [{ reason: "not yours to delete (a manager can delete colleagues' leads)", count: 1 }],
    });
    expect(ids.map((id) => core.leads.get(id).deleted)).toEqual([true, false, true, true]);
  });

  it('undo puts back only what nobody changed since, and lists the rest with the reason', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 6);
    core.leads.moveToStage(ids[0]!, 'viewing', null, null);
    const moved = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'negotiation' } });
    const followUps = await run(core, {
      jobId: JOB,
      target: { ids: ids.slice(0, 3) },
      action: { kind: 'followUp', title: 'Send the brochure', dueAt: '2026-03-10T09:00:00.000Z' },
    });
    const deleted = await run(core, { jobId: JOB, target: { ids: ids.slice(4) }, action: { kind: 'delete' } });
    // The bar's Undo after a reload: the newest action not undone yet.
    const last = async () => {
      const answer = await invoke(core.handlers, 'bulk.last', {});
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value;
    };
    expect(await last()).toEqual({ action: { kind: 'delete' }, outcome: deleted });

    // Meanwhile: one lead moved on, one follow-up rescheduled, one deleted lead restored by hand.
    core.leads.moveToStage(ids[1]!, 'closed', 'won', null);
    const tasks = core.leads.detail(ids[2]!).tasks;
    core.activity.rescheduleTask(tasks[0]!.id, '2026-03-12T09:00:00.000Z');
    core.leads.restore(ids[5]!);

    expect(await undo(core, deleted.bulkId)).toEqual({
      bulkId: deleted.bulkId,
      undone: 1,
      notUndone: [{ leadId: ids[5], name: 'Lead 5', reason: 'someone restored it since' }],
    });
    expect(core.leads.get(ids[4]!).deleted).toBe(false);
    expect((await last())?.outcome.bulkId).toBe(followUps.bulkId);

    const undoneFollowUps = await undo(core, followUps.bulkId);
    expect(undoneFollowUps.undone).toBe(2);
    expect(undoneFollowUps.notUndone).toEqual([{ leadId: ids[2], name: 'Lead 2', reason: 'the follow-up was rescheduled since; it stays on the list' }]);
    // Follow-ups are never deleted: the undo marks them done.
    expect(core.leads.detail(ids[0]!).tasks).toMatchObject([{ title: 'Send the brochure', doneAt: expect.any(String) }]);
    expect(core.leads.detail(ids[2]!).tasks).toMatchObject([{ doneAt: null, dueAt: '2026-03-12T09:00:00.000Z' }]);

    const undoneMoves = await undo(core, moved.bulkId);
    expect(undoneMoves.undone).toBe(5);
    expect(undoneMoves.notUndone).toEqual([{ leadId: ids[1], name: 'Lead 1', reason: 'its stage was changed since (now closed, won)' }]);
    expect(ids.map((id) => core.leads.get(id).stage)).toEqual(['viewing', 'closed', 'new', 'new', 'new', 'new']);
    expect(core.leads.get(ids[1]!).outcome).toBe('won');
    expect(await last()).toBeNull();

    expect(await invoke(core.handlers, 'bulk.undo', { bulkId: moved.bulkId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/already undone/) },
    });
  });

  it('undoing a reassignment puts owner and branch back exactly, or says why it cannot and changes nothing', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 2);
    signedInAs(core, 'manager');
    core.leads.assign(ids[0]!, 'agent-x', 'cairo');
    core.leads.assign(ids[1]!, 'agent-x', null); // owned, but in no branch yet
    const assigned = await run(core, { jobId: JOB, target: { ids }, action: { kind: 'assign', ownerId: 'agent-y', branchId: 'giza' } });
    expect(await undo(core, assigned.bulkId)).toEqual({
      bulkId: assigned.bulkId,
      undone: 1,
      notUndone: [{ leadId: ids[1], name: 'Lead 1', reason: 'it had no branch before, and a lead cannot be taken out of every branch' }],
    });
    expect(ids.map((id) => [core.leads.get(id).ownerId, core.leads.get(id).branchId])).toEqual([
      ['agent-x', 'cairo'],
      ['agent-y', 'giza'],
    ]);
  });

  it('undo works after a sync: the put-back values are new edits the server takes, and a colleague sees them', async () => {
    const server = await startServer('sqlite');
    const mona = await signIn(server, { name: 'Mona', role: 'manager', branches: ['cairo'] });
    const ids = mona.core.leads.createMany([draft('Karim', '01000000001'), draft('Sara', '01000000002'), draft('Laila', '01000000003')]);
    mona.core.leads.moveToStage(ids[2]!, 'contacted', null, null);
    await mona.sync();

    const moved = await run(mona.core, { jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'viewing' } });
    expect(moved.changed).toBe(3);
    expect(await mona.sync()).toMatchObject({ pushed: 3, parked: 0, remaining: 0 });

    // A colleague moves Sara on after seeing the bulk move.
    const omar = await signIn(server, { name: 'Omar', role: 'manager', branches: ['cairo'] });
    await omar.sync();
    omar.core.leads.moveToStage(ids[1]!, 'negotiation', null, null);
    await omar.sync();
    await mona.sync();

    const undone = await undo(mona.core, moved.bulkId);
    expect(undone).toMatchObject({ undone: 2, notUndone: [{ leadId: ids[1], name: 'Sara', reason: 'its stage was changed since (now negotiation)' }] });
    expect(await mona.sync()).toMatchObject({ pushed: 2, parked: 0, remaining: 0 });
    await omar.sync();
    expect(ids.map((id) => omar.core.leads.get(id).stage)).toEqual(['new', 'negotiation', 'contacted']);
  });

  it('exports a selection or everything matching as CSV, with formula cells escaped', async () => {
    const core = tempCore();
    const ids = core.leads.createMany([
      draft('=HYPERLINK("http://evil")', '+201000000001'),
      draft('Sara Adel', '01000000002', { stage: 'viewing' }),
      draft('Karim Fathy', '01000000003', { stage: 'viewing' }),
    ]);
    const selection = await invoke(core.handlers, 'bulk.exportCsv', { target: { ids: [ids[2]!, ids[0]!] } });
    if (!selection.ok) throw new Error(selection.error.message);
    expect(selection.value).toMatchObject({ exported: 2, filename: expect.stringMatching(/^leads-\d{4}-\d{2}-\d{2}\.csv$/) });
    const lines = selection.value.csv.split('\n');
    expect(lines[0]).toBe('\uFEFFname,phones,email,source,stage,outcome,lost reason,property type,property area,notes');
    expect(lines[1]).toMatch(/^Karim Fathy,'\+201000000003,/);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",'\+201000000001,/);
    expect(unescapeCell("'=HYPERLINK(\"http://evil\")")).toBe('=HYPERLINK("http://evil")');

    const matching = await invoke(core.handlers, 'bulk.exportCsv', { target: { filter: { stage: 'viewing' } } });
    if (!matching.ok) throw new Error(matching.error.message);
    expect(matching.value.exported).toBe(2);
    expect(matching.value.csv.split('\n').slice(1, 3).map((l) => l.split(',')[0])).toEqual(['Sara Adel', 'Karim Fathy']);
  });

  it('refuses bad requests with a clear message and changes nothing', async () => {
    const core = tempCore();
    const ids = syncedLeads(core, 2);
    const before = fingerprint(core);
    const bad: [unknown, RegExp][] = [
      [{ target: { ids }, action: { kind: 'delete' } }, /jobId/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'archive' } }, /action.kind: must be one of moveToStage, assign, followUp, delete/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'closed' } }, /action.outcome: closing a lead needs an outcome/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'closed', outcome: 'lost' } }, /lostReason: a lost lead needs a reason/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'moveToStage', stage: 'sold' } }, /action.stage: must be one of/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'followUp', title: '', dueAt: '2026-03-10T09:00:00Z' } }, /a follow-up needs a title/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'followUp', title: 'Call', dueAt: 'tomorrow' } }, /dueAt: must be an ISO-8601/],
      [{ jobId: JOB, target: { ids: [] }, action: { kind: 'delete' } }, /select at least one lead/],
      [{ jobId: JOB, target: { ids: ['not-an-id'] }, action: { kind: 'delete' } }, /must be a record id/],
      [{ jobId: JOB, target: { ids, filter: {} }, action: { kind: 'delete' } }, /either ids \(a selection\) or filter/],
      [{ jobId: JOB, target: { filter: { includeDeleted: true } }, action: { kind: 'delete' } }, /includeDeleted/],
      [{ jobId: JOB, target: { ids }, action: { kind: 'delete', extra: 1 } }, /extra/],
    ];
    for (const [request, message] of bad) {
      const result = await invoke(core.handlers, 'bulk.run', request as never);
      expect(result, JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) } });
    }
    expect(await invoke(core.handlers, 'bulk.undo', { bulkId: ids[0]! })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(fingerprint(core)).toBe(before);
  });
});
