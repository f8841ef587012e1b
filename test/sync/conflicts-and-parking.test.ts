import { describe, expect, it } from 'vitest';
import { draft, signIn, startServer, visible } from './support';

describe('concurrent edits are settled by the rules, never silently', () => {
  it("the article's case: the colleague's stage and the agent's notes are kept, each loser is in its author's conflicts", async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const colleague = await signIn(server, { name: 'Colleague', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Heba Nabil', '01055550000', { notes: 'first call' }));
    await agent.sync();
    await colleague.sync();

    // Offline in a basement: the agent edits notes and moves the stage.
    agent.core.leads.update(lead.id, { notes: 'agent: wants 3 bedrooms' });
    agent.core.leads.moveToStage(lead.id, 'viewing', null, null);
    // Meanwhile the colleague does the same and syncs first.
    colleague.core.leads.update(lead.id, { notes: 'colleague: budget 2M' });
    colleague.core.leads.moveToStage(lead.id, 'negotiation', null, null);
    await colleague.sync();

    const report = await agent.sync();
    expect(report.merged).toBe(1);
    expect(agent.core.leads.get(lead.id)).toMatchObject({ stage: 'negotiation', notes: 'agent: wants 3 bedrooms' });
    const agentConflicts = agent.core.sync.conflicts();
    expect(agentConflicts.map((c) => [c.field, c.myValue, c.keptValue, c.rule])).toEqual([['stage', 'viewing', 'negotiation', 'stage_kept']]);
    // The agent's local "moved to viewing" event is gone: it never happened on the server.
    const stages = agent.core.leads.detail(lead.id).timeline.flatMap((t) => (t.kind === 'event' && t.event.kind === 'stage_changed' ? [t.event.toStage] : []));
    expect(stages).toEqual(['negotiation']);

    await colleague.sync();
    const colleagueConflicts = colleague.core.sync.conflicts();
    expect(colleagueConflicts.map((c) => [c.field, c.myValue, c.keptValue, c.rule])).toEqual([
      ['notes', 'colleague: budget 2M', 'agent: wants 3 bedrooms', 'notes_later_wins'],
    ]);
    // The inbox can say by whom: the agent's edit was kept.
    expect(colleagueConflicts[0]!.keptBy).toBe(agent.userId);
    expect(visible(colleague.core)).toEqual(visible(agent.core));

    // A replayed sync logs nothing twice.
    await agent.sync();
    await colleague.sync();
    expect(agent.core.sync.conflicts()).toHaveLength(1);
    expect(colleague.core.sync.conflicts()).toHaveLength(1);

    // Restoring the colleague's notes is a new edit, which then wins like any later edit.
    const restored = colleague.core.restoreConflict(colleagueConflicts[0]!.id);
    expect(restored.notes).toBe('colleague: budget 2M');
    expect(colleague.core.sync.conflicts()).toHaveLength(0);
    await colleague.sync();
    await agent.sync();
    expect(agent.core.leads.get(lead.id).notes).toBe('colleague: budget 2M');
  });

  it('while an edit is pending, a pull shows the server row with the pending change on top', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const colleague = await signIn(server, { name: 'Colleague', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Heba Nabil', '01055550000'));
    await agent.sync();
    await colleague.sync();
    colleague.core.leads.update(lead.id, { source: 'facebook', email: 'heba@example.com' });
    await colleague.sync();
    agent.core.leads.update(lead.id, { source: 'referral' });
    // A pull lands before the agent's edit is pushed.
    const page = await agent.transport.pull(agent.core.syncState().cursor, 1000);
    agent.core.sync.applyFeedPage(page.items, page.cursor);
    expect(agent.core.leads.get(lead.id)).toMatchObject({ source: 'referral', email: 'heba@example.com' });
    const pending = agent.core.outbox.list(10);
    expect(pending).toHaveLength(1);
    // The base stays what the user saw: rebasing never rewrites it.
    expect(pending[0]!.changes).toEqual({ source: { value: 'referral', base: null } });
    await agent.sync();
    await colleague.sync();
    expect(colleague.core.leads.get(lead.id)).toMatchObject({ source: 'referral', email: 'heba@example.com' });
    expect(colleague.core.sync.conflicts().map((c) => [c.field, c.myValue, c.rule])).toEqual([['source', 'facebook', 'later_arrival_wins']]);
  });
});

describe('an op the server refuses is parked, not lost', () => {
  it('a poison op waits with its reason while every other record keeps syncing; discard puts the server state back', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const [a, b] = agent.core.leads.createMany([draft('A', '01000000001'), draft('B', '01000000002')]);
    await agent.sync();
    // Agents may not reassign: the server rejects it for good.
    agent.core.leads.assign(a!, 'some-manager', null);
    agent.core.leads.update(a!, { notes: 'waits behind the parked op' });
    agent.core.leads.update(b!, { notes: 'goes through' });
    const report = await agent.sync();
    expect(report).toMatchObject({ pushed: 1, parked: 1, remaining: 2 });
    const parked = agent.core.sync.parked();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ leadId: a, code: 'not_allowed' });
    expect(parked[0]!.reason.length).toBeGreaterThan(10);
    expect(agent.engine.status()).toMatchObject({ parkedOps: 1, pendingOps: 2 });
    // The user still sees their own values until they decide.
    expect(agent.core.leads.get(a!)).toMatchObject({ ownerId: 'some-manager', notes: 'waits behind the parked op' });

    agent.core.sync.discardParked(parked[0]!.opId);
    expect(agent.core.leads.get(a!).ownerId).toBe(agent.userId);
    expect(agent.core.leads.get(a!).notes).toBe('waits behind the parked op');
    expect(await agent.sync()).toMatchObject({ pushed: 1, parked: 0, remaining: 0 });
  });

  it('discarding a parked create discards what was queued on that lead', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Invalid on the server', '01000000001'));
    agent.core.activity.logCall({ leadId: lead.id, outcome: 'busy', durationSeconds: 0, note: '' });
    // A create the server will refuse: the id is already taken by another lead.
    agent.core.store.run(agent.core.store.q.updateTable('outbox').set({ payload: JSON.stringify({ values: { name: '' } }) }).where('entity', '=', 'lead'));
    const report = await agent.sync();
    expect(report.parked).toBeGreaterThanOrEqual(1);
    const parkedCreate = agent.core.sync.parked().find((p) => p.entity === 'lead')!;
    agent.core.sync.discardParked(parkedCreate.opId);
    expect(agent.core.outbox.list(10)).toEqual([]);
    expect(() => agent.core.leads.get(lead.id)).toThrow(/No lead/);
  });

  /** An agent's lead with an offline note on it, which a manager moves to a branch the agent is not in. */
  async function leadMovedAway(note: string) {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo', 'alex'] });
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Moving on', '01000000001'));
    await agent.sync();
    await manager.sync();
    agent.core.leads.update(lead.id, { notes: note });
    manager.core.leads.assign(lead.id, manager.userId, 'alex');
    await manager.sync();
    return { manager, agent, lead };
  }

  it('a lead reassigned to another branch leaves the agent, and their pending work on it is parked, not dropped', async () => {
    const { agent, lead } = await leadMovedAway('offline note on a lead about to move');
    const report = await agent.sync();
    expect(report.remaining).toBe(1);
    expect(() => agent.core.leads.get(lead.id)).toThrow(/No lead/);
    const parked = agent.core.sync.parked();
    expect(parked).toHaveLength(1);
    expect(parked[0]!.reason).toMatch(/no longer in your branches/);
  });

  it('when that lead comes back, its parked change still shows; a new edit queues on its own; discarding the parked one restores the server copy', async () => {
    const { manager, agent, lead } = await leadMovedAway('offline note');
    await agent.sync();
    manager.core.leads.assign(lead.id, agent.userId, 'cairo');
    await manager.sync();
    await agent.sync();
    expect(agent.core.leads.get(lead.id).notes).toBe('offline note');
    const [parked] = agent.core.sync.parked();
    agent.core.leads.update(lead.id, { source: 'walk-in' });
    expect(agent.core.outbox.list(10)).toHaveLength(2);
    agent.core.sync.discardParked(parked!.opId);
    expect(agent.core.leads.get(lead.id)).toMatchObject({ notes: '', source: 'walk-in' });
    await agent.sync();
    expect(agent.core.outbox.list(10)).toEqual([]);
    await manager.sync();
    expect(manager.core.leads.get(lead.id)).toMatchObject({ notes: '', source: 'walk-in' });
    expect(agent.core.leads.get(lead.id)).toMatchObject({ notes: '', source: 'walk-in' });
  });
});

describe('the lead workspace warns before sync', () => {
  it('a queued stage move that someone else already overtook is predicted not to be kept', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const colleague = await signIn(server, { name: 'Colleague', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Warned', '01000000001'));
    await agent.sync();
    await colleague.sync();
    colleague.core.leads.moveToStage(lead.id, 'negotiation', null, null);
    await colleague.sync();
    agent.core.leads.moveToStage(lead.id, 'viewing', null, null);
    agent.core.leads.update(lead.id, { notes: 'mine' });
    expect(agent.core.leads.detail(lead.id).predictedOverrides).toEqual([]); // nothing known yet
    // The pull brings the colleague's move; the agent's queued move now is predicted to lose.
    const page = await agent.transport.pull(agent.core.syncState().cursor, 1000);
    agent.core.sync.applyFeedPage(page.items, page.cursor);
    expect(agent.core.leads.get(lead.id).stage).toBe('viewing'); // their own change stays on top
    expect(agent.core.leads.detail(lead.id).predictedOverrides).toEqual([
      { field: 'stage', yourValue: 'viewing', serverValue: 'negotiation', rule: 'stage_kept' },
    ]);
    await agent.sync();
    expect(agent.core.leads.get(lead.id).stage).toBe('negotiation');
    expect(agent.core.leads.detail(lead.id).predictedOverrides).toEqual([]);
  });
});
