/** A manager merges two leads while an agent keeps working on them offline: both computers end up with one person. */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { draft, signIn, startServer, visible } from './support';

function timelineOf(client: { core: Core }, leadId: string) {
  return client.core.leads.detail(leadId).timeline.map((t) =>
    t.kind === 'call' ? `call:${t.call.note}` : t.kind === 'note' ? `note:${t.note.body}` : `event:${t.event.kind}`,
  );
}

describe('merging duplicates syncs like any edit', () => {
  it('a merge of two leads edited on two clients converges, and the late edits land on the survivor', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const keep = agent.core.leads.create(draft('Mona Hassan', '01012345678', { source: 'walk-in' }));
    const dupe = agent.core.leads.create(draft('Mona H.', '01098765432', { email: 'mona@example.com', source: 'facebook' }));
    agent.core.activity.addNote({ leadId: dupe.id, body: 'met at the Maadi open day' });
    await agent.sync();
    await manager.sync();

    // The manager merges, keeping the duplicate's email and both phones.
    const merged = manager.core.leads.merge(keep.id, dupe.id, { email: 'merged', phones: 'both' });
    expect(merged).toMatchObject({ email: 'mona@example.com', source: 'walk-in' });
    expect(merged.phones.map((p) => p.e164)).toEqual(['+201012345678', '+201098765432']);
    expect(manager.core.leads.get(dupe.id)).toMatchObject({ deleted: true, mergedInto: keep.id });
    // Both timelines, on this computer, before any sync.
    expect(timelineOf(manager, keep.id)).toEqual(expect.arrayContaining(['note:met at the Maadi open day', 'event:merged']));
    expect(manager.core.leads.list({ search: 'Mona', sort: 'updated', limit: 50 } as never).items.map((l) => l.id)).toEqual([keep.id]);

    // Meanwhile the agent, offline, works on the duplicate: a call, a note, a budget.
    agent.core.activity.logCall({ leadId: dupe.id, outcome: 'answered', durationSeconds: 60, note: 'wants to visit Sunday' });
    agent.core.leads.update(dupe.id, { budgetMax: 4_000_000 });

    await manager.sync();
    await agent.sync();
    await manager.sync();

    for (const client of [agent, manager]) {
      expect(client.core.leads.get(dupe.id)).toMatchObject({ deleted: true, mergedInto: keep.id });
      expect(client.core.leads.get(keep.id)).toMatchObject({ email: 'mona@example.com', budgetMax: 4_000_000, deleted: false });
      expect(timelineOf(client, keep.id)).toEqual(
        expect.arrayContaining(['call:wants to visit Sunday', 'note:met at the Maadi open day', 'event:merged']),
      );
      expect(client.core.outbox.list(10)).toEqual([]);
    }
    expect(visible(agent.core)).toEqual(visible(manager.core));
  });

  it('a merge waits behind edits queued earlier on the merged lead, so they are not replayed onto the survivor', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const keep = manager.core.leads.create(draft('Tarek Said', '01011112222', { notes: 'keep me' }));
    const dupe = manager.core.leads.create(draft('Tarek S.', '01033334444'));
    await manager.sync();
    // Two ops queued on the duplicate (a stage move does not fold into the edit before it), then the merge.
    manager.core.leads.update(dupe.id, { notes: 'duplicate notes' });
    manager.core.leads.moveToStage(dupe.id, 'contacted', null, null);
    manager.core.leads.merge(keep.id, dupe.id, {});
    await manager.sync();
    expect(manager.core.outbox.list(10)).toEqual([]);
    const other = await signIn(server, { name: 'Other manager', role: 'manager', branches: ['cairo'] });
    await other.sync();
    // The survivor kept its own notes and stage: the duplicate's edits stayed on the duplicate.
    expect(other.core.leads.get(keep.id)).toMatchObject({ notes: 'keep me', stage: 'new' });
    expect(other.core.leads.get(dupe.id)).toMatchObject({ notes: 'duplicate notes', stage: 'contacted', mergedInto: keep.id });
  });

  it('restoring a merged-away lead is refused naming the survivor; a value lost to the merge is restored onto the survivor', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const keep = agent.core.leads.create(draft('Salma Nabil', '01055556666'));
    const dupe = agent.core.leads.create(draft('Salma N.', '01077778888'));
    await agent.sync();
    await manager.sync();
    agent.core.leads.update(dupe.id, { email: 'salma@example.com' });
    await agent.sync();
    // The manager had not seen the agent's email when merging.
    manager.core.leads.merge(keep.id, dupe.id, {});
    await manager.sync();
    expect(() => manager.core.leads.restore(dupe.id)).toThrow(/merged into “Salma Nabil”/);

    await agent.sync();
    const [lost] = agent.core.sync.conflicts();
    expect(lost).toMatchObject({ field: 'email', myValue: 'salma@example.com', rule: 'merged_away' });
    const restored = agent.core.restoreConflict(lost!.id);
    expect(restored).toMatchObject({ id: keep.id, email: 'salma@example.com' });
    await agent.sync();
    await manager.sync();
    expect(manager.core.leads.get(keep.id).email).toBe('salma@example.com');
  });

  it('one merge that costs an agent two values of one field logs both, each restorable, and a re-sync logs neither twice', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    const keep = agent.core.leads.create(draft('Mona Hassan', '01012345678', { email: 's@example.com' }));
    const dupe = agent.core.leads.create(draft('Mona H.', '01098765432', { email: 'x@example.com' }));
    await agent.sync();
    await manager.sync();
    // The manager merges offline, taking the duplicate's email; the agent edits the email on both.
    manager.core.leads.merge(keep.id, dupe.id, { email: 'merged' });
    agent.core.leads.update(keep.id, { email: 'a1@example.com' });
    agent.core.leads.update(dupe.id, { email: 'a2@example.com' });
    await agent.sync();
    await manager.sync();
    await agent.sync();
    await agent.sync();
    const onServer = await server.store.db.selectFrom('conflicts').select(['your_value', 'rule']).where('user_id', '=', agent.userId).execute();
    const mine = agent.core.sync.conflicts().map((c) => [c.field, c.myValue, c.rule]);
    expect(mine.map(([, value]) => value).sort()).toEqual(['a1@example.com', 'a2@example.com']);
    expect(mine).toHaveLength(onServer.length);
    const lostOnDuplicate = agent.core.sync.conflicts().find((c) => c.myValue === 'a2@example.com')!;
    expect(agent.core.restoreConflict(lostOnDuplicate.id)).toMatchObject({ id: keep.id, email: 'a2@example.com' });
  });

  it('bad merge requests change nothing', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const a = manager.core.leads.create(draft('Ali', '01011110000'));
    const b = manager.core.leads.create(draft('Ali B.', '01011110001'));
    manager.core.leads.delete(b.id);
    const before = JSON.stringify([visible(manager.core), manager.core.outbox.list(100)]);
    expect(() => manager.core.leads.merge(a.id, a.id, {})).toThrow(/itself/);
    expect(() => manager.core.leads.merge(a.id, b.id, {})).toThrow(/deleted/);
    expect(JSON.stringify([visible(manager.core), manager.core.outbox.list(100)])).toBe(before);
  });
});

describe('a merge and the possible-duplicates list', () => {
  it('taking the other lead’s name re-keys the survivor, so the pair leaves the list and the name matches new leads', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const keep = manager.core.leads.create(draft('Sayed Tarek', '01011112233'));
    const dupe = manager.core.leads.create(draft('Heba Nabil', '01011112233'));
    expect(manager.core.duplicates.possiblePairs(10)).toHaveLength(1);
    manager.core.leads.merge(keep.id, dupe.id, { name: 'merged' });
    expect(manager.core.duplicates.possiblePairs(10)).toEqual([]);
    const similar = manager.core.duplicates.find({ phones: [], email: null, name: 'nabil heba' });
    expect(similar.map((l) => l.id)).toContain(keep.id);
  });
});

describe('a merge that cannot stand', () => {
  it('an agent cannot merge a colleague’s lead: refused here, nothing queued', async () => {
    const server = await startServer('sqlite');
    const colleague = await signIn(server, { name: 'Colleague', role: 'agent', branches: ['cairo'] });
    const agent = await signIn(server, { name: 'Agent', role: 'agent', branches: ['cairo'] });
    agent.core.people.rememberMe({ id: agent.userId, name: 'Agent', role: 'agent', branches: ['cairo'] });
    const theirs = colleague.core.leads.create(draft('Rana Adel', '01012121212'));
    await colleague.sync();
    await agent.sync();
    const mine = agent.core.leads.create(draft('Rana A.', '01012121212'));
    const before = JSON.stringify([visible(agent.core), agent.core.outbox.list(100)]);
    expect(() => agent.core.mergeLeads(mine.id, theirs.id, {})).toThrow(/manager, or the owner of both/);
    expect(JSON.stringify([visible(agent.core), agent.core.outbox.list(100)])).toBe(before);
  });

  it('a merge the server refuses is parked; discarding it brings the merged lead and its history back', async () => {
    const server = await startServer('sqlite');
    const manager = await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo'] });
    const other = await signIn(server, { name: 'Other manager', role: 'manager', branches: ['cairo'] });
    const keep = manager.core.leads.create(draft('Yasmin Fawzy', '01034343434'));
    const dupe = manager.core.leads.create(draft('Yasmin F.', '01056565656'));
    manager.core.activity.addNote({ leadId: dupe.id, body: 'asked for a brochure' });
    await manager.sync();
    await other.sync();
    // The other manager deletes the lead to keep while this one merges into it.
    other.core.leads.delete(keep.id);
    await other.sync();
    manager.core.leads.merge(keep.id, dupe.id, { phones: 'both' });
    const report = await manager.sync();
    expect(report.parked).toBe(1);
    const [parked] = manager.core.sync.parked();
    expect(parked).toMatchObject({ code: 'not_allowed', reason: expect.stringContaining('was deleted') });

    manager.core.sync.discardParked(parked!.opId);
    expect(manager.core.leads.get(dupe.id)).toMatchObject({ deleted: false, mergedInto: null });
    expect(timelineOf(manager, dupe.id)).toContain('note:asked for a brochure');
    expect(manager.core.leads.get(keep.id)).toMatchObject({ deleted: true });
    expect(manager.core.leads.get(keep.id).phones).toHaveLength(1);
    expect(manager.core.outbox.list(10)).toEqual([]);
    await manager.sync();
    expect(visible(manager.core)).toEqual(visible(other.core));
  });
});
