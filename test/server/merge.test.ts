/** Two leads that are one person become one: the `merge` op and what arrives for the merged-away lead afterwards. */
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../shared/protocol';
import { conflictsIn, createLead, leadOf, ops, startServer, STORE_KINDS, type StoreKind } from './support';

async function team(kind: StoreKind) {
  const server = await startServer(kind);
  const agent = await server.user('Amal', 'agent', ['cairo']);
  const colleague = await server.user('Basem', 'agent', ['cairo']);
  const manager = await server.user('Mariam', 'manager', ['cairo', 'giza']);
  return { server, agent, colleague, manager };
}

const rowsOf = (items: FeedItem[], kind: 'call_log' | 'lead_note' | 'task' | 'lead_event'): { id: string; leadId: string }[] =>
  items.flatMap((item): { id: string; leadId: string }[] => {
    if (item.kind !== kind) return [];
    if (item.kind === 'call_log') return [item.callLog];
    if (item.kind === 'lead_note') return [item.note];
    if (item.kind === 'task') return [item.task];
    if (item.kind === 'lead_event') return [item.event];
    return [];
  });

/** The last version of each record in a feed (records repeat once per change). */
function latest<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

describe.each(STORE_KINDS)('merging leads on %s', (kind) => {
  it('the survivor takes the picked fields, the other becomes a tombstone naming it, and its history moves over', async () => {
    const { manager, agent } = await team(kind);
    const keep = await createLead(manager, { name: 'Mona Hassan', email: null, branchId: 'cairo', ownerId: null });
    const dupe = await createLead(manager, { name: 'Mona H.', email: 'mona@example.com', source: 'facebook', branchId: 'cairo' });
    const call = ops.logCall(dupe.id);
    const note = ops.addNote(dupe.id, 'wants a garden');
    const task = ops.createTask(dupe.id);
    await manager.push([call, note, task]);

    const merge = ops.mergeLeads(
      keep.id,
      dupe.id,
      { email: { value: 'mona@example.com', base: null }, source: { value: 'facebook', base: 'walk-in' } },
      { survivor: keep.version, merged: dupe.version },
    );
    const [result] = await manager.push([merge]);
    expect(result).toMatchObject({ status: 'applied', version: 2 });

    const { items } = await agent.pullAll();
    const leads = await agent.visibleLeads();
    expect(leads.get(keep.id)).toMatchObject({ email: 'mona@example.com', source: 'facebook', name: 'Mona Hassan', deleted: false, mergedInto: null });
    expect(leads.get(dupe.id)).toMatchObject({ deleted: true, mergedInto: keep.id });
    for (const kindName of ['call_log', 'lead_note', 'task'] as const) {
      const rows = latest(rowsOf(items, kindName) as { id: string; leadId: string }[]);
      expect([...rows.values()].map((r) => r.leadId), kindName).toEqual([keep.id]);
    }
    const events = latest(rowsOf(items, 'lead_event') as { id: string; leadId: string; kind: string; data: Record<string, unknown> }[]);
    expect(events.get(merge.opId)).toMatchObject({ leadId: keep.id, kind: 'merged', data: { mergedId: dupe.id, mergedName: 'Mona H.' } });
  });

  it('late edits, calls, notes and follow-up changes for the merged-away lead land on the survivor', async () => {
    const { manager, agent } = await team(kind);
    const keep = await createLead(agent, { name: 'Karim Adel', notes: '' });
    const dupe = await createLead(agent, { name: 'Kareem Adel', notes: '' });
    const task = ops.createTask(dupe.id);
    await agent.push([task]);
    // The agent keeps working on the duplicate offline while the manager merges.
    const lateEdit = ops.updateLead(dupe.id, { budgetMax: { value: 3_000_000, base: 2_000_000 } }, dupe.version);
    const lateCall = ops.logCall(dupe.id);
    const lateNote = ops.addNote(dupe.id, 'called from the office');
    const lateTask = ops.updateTask(dupe.id, task.entityId, { dueAt: { value: '2026-03-05T09:00:00.000Z', base: '2026-03-02T09:00:00.000Z' } });
    await manager.push([ops.mergeLeads(keep.id, dupe.id, null, { survivor: keep.version, merged: dupe.version })]);

    const results = await agent.push([lateEdit, lateCall, lateNote, lateTask]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(results.slice(0, 3).map((r) => (r.status === 'applied' ? r.redirectedTo : null))).toEqual([keep.id, keep.id, keep.id]);

    const { items } = await agent.pullAll();
    expect(await leadOf(agent, keep.id)).toMatchObject({ budgetMax: 3_000_000 });
    expect(await leadOf(agent, dupe.id)).toMatchObject({ deleted: true, mergedInto: keep.id, budgetMax: 2_000_000 });
    const calls = latest(rowsOf(items, 'call_log') as { id: string; leadId: string }[]);
    expect(calls.get(lateCall.entityId)?.leadId).toBe(keep.id);
    const notes = latest(rowsOf(items, 'lead_note') as { id: string; leadId: string }[]);
    expect(notes.get(lateNote.entityId)?.leadId).toBe(keep.id);
    const tasks = latest(rowsOf(items, 'task') as { id: string; leadId: string; dueAt: string }[]);
    expect(tasks.get(task.entityId)).toMatchObject({ leadId: keep.id, dueAt: '2026-03-05T09:00:00.000Z' });
  });

  it('a late edit that clashes with the survivor follows the ordinary rules, and the replaced value is logged', async () => {
    const { manager, agent } = await team(kind);
    const keep = await createLead(agent, { name: 'Hoda Salem', source: 'walk-in' });
    const dupe = await createLead(agent, { name: 'Hoda S.', source: 'walk-in' });
    await manager.push([ops.mergeLeads(keep.id, dupe.id, { source: { value: 'referral', base: 'walk-in' } }, { survivor: keep.version, merged: dupe.version })]);
    // The agent, offline, set the duplicate's source and stage.
    const [late] = await agent.push([
      ops.updateLead(dupe.id, { source: { value: 'facebook', base: 'walk-in' }, stage: { value: 'contacted', base: 'new' } }, dupe.version),
    ]);
    // Stage was not changed on the survivor: not concurrent, kept. Source was: later arrival wins, the manager is told.
    expect(late).toMatchObject({ status: 'applied', redirectedTo: keep.id });
    expect(await leadOf(agent, keep.id)).toMatchObject({ source: 'facebook', stage: 'contacted' });
    expect(conflictsIn((await manager.pullAll()).items)).toEqual([
      expect.objectContaining({ leadId: keep.id, field: 'source', yourValue: 'referral', keptValue: 'facebook', rule: 'later_arrival_wins' }),
    ]);
  });

  it('edits to the merged-away lead the merger had not seen are logged for their authors, to restore on the survivor', async () => {
    const { manager, agent } = await team(kind);
    const keep = await createLead(agent, { name: 'Salma Nabil', email: null });
    const dupe = await createLead(agent, { name: 'Salma N.', email: null });
    // The agent's edit reaches the server first; the manager merged from version 1.
    await agent.push([ops.updateLead(dupe.id, { email: { value: 'salma@example.com', base: null } }, dupe.version)]);
    const [merged] = await manager.push([ops.mergeLeads(keep.id, dupe.id, null, { survivor: keep.version, merged: dupe.version })]);
    expect(merged).toMatchObject({ status: 'applied' });
    expect(conflictsIn((await agent.pullAll()).items)).toEqual([
      expect.objectContaining({ leadId: keep.id, field: 'email', yourValue: 'salma@example.com', keptValue: null, rule: 'merged_away' }),
    ]);
  });

  it('a restore of a merged-away lead is refused with a reason that names the survivor; a delete of it changes nothing', async () => {
    const { manager } = await team(kind);
    const keep = await createLead(manager, { name: 'Omar Farouk', branchId: 'cairo' });
    const dupe = await createLead(manager, { name: 'Omar F.', branchId: 'cairo' });
    await manager.push([ops.mergeLeads(keep.id, dupe.id, null, { survivor: keep.version, merged: dupe.version })]);
    const [restore, del] = await manager.push([ops.restoreLead(dupe.id, 2), ops.deleteLead(dupe.id, 2)]);
    expect(restore).toMatchObject({ status: 'rejected', code: 'not_allowed' });
    expect(restore?.status === 'rejected' && restore.message).toContain('“Omar Farouk”');
    expect(del).toMatchObject({ status: 'applied' });
    expect(await leadOf(manager, keep.id)).toMatchObject({ deleted: false });
  });

  it('both sides merging the same pair converge; merging back the other way, or into a deleted lead, is refused', async () => {
    const { manager, agent, colleague } = await team(kind);
    const a = await createLead(agent, { name: 'Nour Ali' });
    const b = await createLead(agent, { name: 'Nour A.' });
    const first = ops.mergeLeads(a.id, b.id, null, { survivor: a.version, merged: b.version });
    const same = ops.mergeLeads(a.id, b.id, null, { survivor: a.version, merged: b.version });
    const back = ops.mergeLeads(b.id, a.id, null, { survivor: b.version, merged: a.version });
    expect((await manager.push([first]))[0]).toMatchObject({ status: 'applied' });
    expect((await agent.push([same]))[0]).toMatchObject({ status: 'applied' });
    const [refused] = await agent.push([back]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'not_allowed' });

    const c = await createLead(agent, { name: 'Ziad' });
    const d = await createLead(agent, { name: 'Ziad M.' });
    await agent.push([ops.deleteLead(c.id, c.version)]);
    expect((await agent.push([ops.mergeLeads(c.id, d.id, null, { survivor: 2, merged: d.version })]))[0]).toMatchObject({
      status: 'rejected',
      code: 'not_allowed',
    });
    // An agent cannot merge a colleague's lead.
    const theirs = await createLead(colleague, { name: 'Rana' });
    expect((await agent.push([ops.mergeLeads(d.id, theirs.id, null, { survivor: d.version, merged: theirs.version })]))[0]).toMatchObject({
      status: 'rejected',
      code: 'not_allowed',
    });
    expect(await leadOf(agent, d.id)).toMatchObject({ deleted: false, mergedInto: null });
  });

  it('a malformed merge is refused alone and changes nothing', async () => {
    const { manager } = await team(kind);
    const keep = await createLead(manager, { name: 'Laila' });
    const results = await manager.push([
      { ...ops.mergeLeads(keep.id, keep.id, null, { survivor: 1, merged: 1 }) },
      { ...ops.mergeLeads(keep.id, keep.id, null, { survivor: 1, merged: 1 }), values: { mergedId: 'nope', mergedBaseVersion: 1 } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await leadOf(manager, keep.id)).toMatchObject({ version: 1, deleted: false });
  });
});
