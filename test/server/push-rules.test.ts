/** What two people editing the same lead offline see after both sync: each row of the rules table, over HTTP. */
import { describe, expect, it } from 'vitest';
import { conflictsIn, createLead, leadOf, ops, startServer, STORE_KINDS, type StoreKind } from './support';

async function team(kind: StoreKind) {
  const server = await startServer(kind);
  const agent = await server.user('Amal', 'agent', ['cairo']);
  const colleague = await server.user('Basem', 'agent', ['cairo']);
  const manager = await server.user('Mariam', 'manager', ['cairo', 'giza']);
  return { server, agent, colleague, manager };
}

describe.each(STORE_KINDS)('push rules on %s', (kind) => {
  it('the article case: colleague syncs first; their stage and the agent’s notes are kept, each loser told', async () => {
    const { agent, colleague } = await team(kind);
    const lead = await createLead(agent, { notes: 'first visit' });
    // Both worked offline from version 1.
    const colleagueOp = ops.updateLead(
      lead.id,
      { notes: { value: 'wants 3 bedrooms', base: 'first visit' }, stage: { value: 'viewing', base: 'new' } },
      lead.version,
    );
    const agentOp = ops.updateLead(
      lead.id,
      { notes: { value: 'budget is firm', base: 'first visit' }, stage: { value: 'contacted', base: 'new' } },
      lead.version,
    );
    expect((await colleague.push([colleagueOp]))[0]).toMatchObject({ status: 'applied', version: 2 });
    const [result] = await agent.push([agentOp]);

    expect(result).toMatchObject({
      status: 'merged',
      version: 3,
      fields: [{ field: 'stage', yourValue: 'contacted', keptValue: 'viewing', rule: 'stage_kept' }],
    });
    const stored = await leadOf(agent, lead.id);
    expect(stored).toMatchObject({ stage: 'viewing', notes: 'budget is firm', version: 3 });

    const agentConflicts = conflictsIn((await agent.pullAll()).items);
    expect(agentConflicts).toEqual([expect.objectContaining({ field: 'stage', yourValue: 'contacted', keptValue: 'viewing', rule: 'stage_kept' })]);
    const colleagueConflicts = conflictsIn((await colleague.pullAll()).items);
    expect(colleagueConflicts).toEqual([
      expect.objectContaining({ field: 'notes', yourValue: 'wants 3 bedrooms', keptValue: 'budget is firm', rule: 'notes_later_wins' }),
    ]);
  });

  it('replaying a whole push applies nothing twice and logs no conflict twice', async () => {
    const { server, agent, colleague } = await team(kind);
    const lead = await createLead(colleague);
    await colleague.push([ops.updateLead(lead.id, { name: { value: 'Mona H.', base: 'Mona Hassan' } }, 1)]);
    const batch = [
      ops.updateLead(lead.id, { name: { value: 'Mona Hassan Aly', base: 'Mona Hassan' } }, 1),
      ops.logCall(lead.id),
      ops.addNote(lead.id),
      ops.createLead({ name: 'Karim' }),
    ];
    const first = await agent.push(batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const before = await server.fingerprint();
    const again = await agent.push(batch);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(again[0]).toMatchObject({ original: 'applied', version: 3, row: { entity: 'lead', lead: { name: 'Mona Hassan Aly' } } });
    expect(again[1]).toMatchObject({ row: { entity: 'call_log', callLog: { durationSeconds: 95 } } });
    // The only write a replay makes is none at all.
    expect(await server.fingerprint()).toBe(before);
    expect(conflictsIn((await colleague.pullAll()).items)).toHaveLength(1);
    // An op repeated inside one push is also applied once.
    const create = ops.createLead({ name: 'Twice' });
    expect((await agent.push([create, create])).map((r) => r.status)).toEqual(['applied', 'duplicate']);
  });

  it('different fields edited on both sides: both kept, no conflict', async () => {
    const { agent, colleague } = await team(kind);
    const lead = await createLead(agent);
    await colleague.push([ops.updateLead(lead.id, { email: { value: 'mona@example.com', base: null } }, 1)]);
    const [result] = await agent.push([ops.updateLead(lead.id, { propertyArea: { value: 'Zamalek', base: 'Maadi' } }, 1)]);
    expect(result).toMatchObject({ status: 'applied', version: 3 });
    expect(await leadOf(agent, lead.id)).toMatchObject({ email: 'mona@example.com', propertyArea: 'Zamalek' });
    expect(conflictsIn((await agent.pullAll()).items)).toEqual([]);
    expect(conflictsIn((await colleague.pullAll()).items)).toEqual([]);
  });

  it('any other field: the later arrival wins, the replaced value goes to its writer', async () => {
    const { agent, colleague } = await team(kind);
    const lead = await createLead(agent);
    await colleague.push([ops.updateLead(lead.id, { budgetMax: { value: 2_500_000, base: 2_000_000 } }, 1)]);
    const [result] = await agent.push([ops.updateLead(lead.id, { budgetMax: { value: 3_000_000, base: 2_000_000 } }, 1)]);
    expect(result).toMatchObject({ status: 'applied' });
    expect(await leadOf(agent, lead.id)).toMatchObject({ budgetMax: 3_000_000 });
    expect(conflictsIn((await colleague.pullAll()).items)).toEqual([
      expect.objectContaining({ field: 'budgetMax', yourValue: 2_500_000, keptValue: 3_000_000, rule: 'later_arrival_wins' }),
    ]);
  });

  it('phones merge as a set: numbers added on either side kept, a number removed on one side removed', async () => {
    const { agent, colleague } = await team(kind);
    const a = { raw: '01012345678', e164: '+201012345678' };
    const b = { raw: '01198765432', e164: '+201198765432' };
    const c = { raw: '01234567890', e164: '+201234567890' };
    const d = { raw: 'ext. 12', e164: null };
    const lead = await createLead(agent, { phones: [a, b] });
    await colleague.push([ops.updateLead(lead.id, { phones: { value: [a, b, c], base: [a, b] } }, 1)]);
    const [result] = await agent.push([ops.updateLead(lead.id, { phones: { value: [b, d], base: [a, b] } }, 1)]);
    expect(result).toMatchObject({ status: 'merged', fields: [{ field: 'phones', rule: 'phones_merged' }] });
    expect((await leadOf(agent, lead.id))?.phones).toEqual([b, c, d]);
    expect(conflictsIn((await colleague.pullAll()).items)).toEqual([]);
  });

  it('edit arriving after a delete: the delete stays, the edit goes to its author’s conflicts', async () => {
    const { agent, manager } = await team(kind);
    const lead = await createLead(agent);
    expect((await manager.push([ops.deleteLead(lead.id, 1)]))[0]).toMatchObject({ status: 'applied', version: 2 });
    const [result] = await agent.push([ops.updateLead(lead.id, { name: { value: 'Mona A.', base: 'Mona Hassan' } }, 1)]);
    expect(result).toMatchObject({ status: 'merged', fields: [{ field: 'name', yourValue: 'Mona A.', rule: 'delete_wins' }] });
    expect(await leadOf(agent, lead.id)).toMatchObject({ deleted: true, name: 'Mona Hassan' });
    expect(conflictsIn((await agent.pullAll()).items)).toEqual([expect.objectContaining({ field: 'name', yourValue: 'Mona A.', rule: 'delete_wins' })]);
  });

  it('delete arriving after an unseen edit: the delete stays, the edit goes to its author’s conflicts', async () => {
    const { agent, manager } = await team(kind);
    const lead = await createLead(agent);
    await agent.push([ops.updateLead(lead.id, { notes: { value: 'call after Eid', base: '' } }, 1)]);
    expect((await manager.push([ops.deleteLead(lead.id, 1)]))[0]).toMatchObject({ status: 'applied', version: 3 });
    expect(await leadOf(agent, lead.id)).toMatchObject({ deleted: true });
    expect(conflictsIn((await agent.pullAll()).items)).toEqual([
      expect.objectContaining({ field: 'notes', yourValue: 'call after Eid', keptValue: null, rule: 'delete_wins' }),
    ]);
  });

  it('restore vs delete: the later arrival wins', async () => {
    const { agent, manager } = await team(kind);
    const lead = await createLead(agent);
    await manager.push([ops.deleteLead(lead.id, 1)]);
    await agent.push([ops.restoreLead(lead.id, 2)]);
    expect(await leadOf(agent, lead.id)).toMatchObject({ deleted: false, version: 3 });
    await manager.push([ops.deleteLead(lead.id, 2)]);
    expect(await leadOf(agent, lead.id)).toMatchObject({ deleted: true, version: 4 });
  });

  it('calls, notes and follow-ups logged on a deleted lead are kept with it', async () => {
    const { agent, manager } = await team(kind);
    const lead = await createLead(agent);
    await manager.push([ops.deleteLead(lead.id, 1)]);
    const results = await agent.push([ops.logCall(lead.id), ops.addNote(lead.id), ops.createTask(lead.id)]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const kinds = (await manager.pullAll()).items.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['call_log', 'lead_note', 'task']));
  });

  it('follow-up done/due: the later arrival wins, the replaced value goes to its writer', async () => {
    const { agent, colleague } = await team(kind);
    const lead = await createLead(agent);
    const task = ops.createTask(lead.id);
    await agent.push([task]);
    await colleague.push([ops.updateTask(lead.id, task.entityId, { dueAt: { value: '2026-03-05T09:00:00.000Z', base: '2026-03-02T09:00:00.000Z' } })]);
    const [result] = await agent.push([
      ops.updateTask(lead.id, task.entityId, { dueAt: { value: '2026-03-09T09:00:00.000Z', base: '2026-03-02T09:00:00.000Z' } }),
    ]);
    expect(result).toMatchObject({ status: 'applied', version: 3 });
    const items = (await colleague.pullAll()).items;
    const stored = items.flatMap((i) => (i.kind === 'task' ? [i.task] : [])).at(-1);
    expect(stored).toMatchObject({ dueAt: '2026-03-09T09:00:00.000Z' });
    expect(conflictsIn(items)).toEqual([expect.objectContaining({ entity: 'task', field: 'dueAt', yourValue: '2026-03-05T09:00:00.000Z' })]);
  });

  it('the server sets times and identity: owner, branch, updated and stage-entered times are its own', async () => {
    const server = await startServer(kind, () => new Date('2030-01-01T00:00:00.000Z'));
    const agent = await server.user('Amal', 'agent', ['cairo']);
    const lead = await createLead(agent);
    await agent.push([ops.updateLead(lead.id, { stage: { value: 'contacted', base: 'new' } }, 1)]);
    expect(await leadOf(agent, lead.id)).toMatchObject({
      ownerId: agent.userId,
      branchId: 'cairo',
      stageEnteredAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
  });

  it('timeline events carry the op id, so the client can match its own', async () => {
    const { server, agent } = await team(kind);
    const create = ops.createLead();
    const move = ops.updateLead(create.entityId, { stage: { value: 'contacted', base: 'new' } }, 1);
    const remove = ops.deleteLead(create.entityId, 2);
    await agent.push([create, move, remove]);
    const events = (await agent.pullAll()).items.flatMap((i) => (i.kind === 'lead_event' ? [i.event] : []));
    expect(events.map((e) => [e.id, e.kind])).toEqual([
      [move.opId, 'stage_changed'],
      [remove.opId, 'deleted'],
    ]);
    // Creation is the lead's createdAt, not an event row.
    const stored = await server.store.db.selectFrom('lead_events').select(['id', 'kind']).where('lead_id', '=', create.entityId).execute();
    expect(stored.map((e) => e.kind).sort()).toEqual(['deleted', 'stage_changed']);
  });

  it('a bad op is rejected and not remembered; the rest of the batch applies', async () => {
    const { agent } = await team(kind);
    const lead = await createLead(agent);
    const bad = ops.updateLead(lead.id, { stage: { value: 'on_hold', base: 'new' } }, 1);
    const results = await agent.push([bad, ops.logCall(lead.id), ops.logCall('01939b1e-0000-7000-8000-000000000000')]);
    expect(results).toMatchObject([
      { status: 'rejected', code: 'invalid_op', message: expect.stringContaining('stage') },
      { status: 'applied' },
      { status: 'rejected', code: 'not_found' },
    ]);
    // Not remembered: the same op id, fixed, is processed anew.
    const [retry] = await agent.push([{ ...bad, changes: { stage: { value: 'viewing', base: 'new' } } }]);
    expect(retry).toMatchObject({ status: 'applied', version: 2 });
  });
});
