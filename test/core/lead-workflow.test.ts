import { describe, expect, it } from 'vitest';
import { tempCore } from '../support/temp';

const draft = (name: string, phone: string) => ({ name, phones: [phone], notes: '', stage: 'new', email: null }) as never;

describe('working a lead offline', () => {
  it('a stage move is one op with the base the user saw, and a timeline event with the same id', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Hany', '01011112222'));
    const moved = core.leads.moveToStage(lead.id, 'closed', 'lost', 'bought elsewhere');
    expect(moved).toMatchObject({ stage: 'closed', outcome: 'lost', lostReason: 'bought elsewhere' });
    expect(moved.stageEnteredAt > lead.stageEnteredAt).toBe(true);
    const ops = core.outbox.list(10);
    expect(ops.map((o) => o.type)).toEqual(['create', 'update']);
    expect(ops[1]!.changes).toEqual({
      stage: { value: 'closed', base: 'new' },
      outcome: { value: 'lost', base: null },
      lostReason: { value: 'bought elsewhere', base: null },
    });
    const detail = core.leads.detail(lead.id);
    const event = detail.timeline.find((t) => t.kind === 'event' && t.event.kind === 'stage_changed');
    expect(event).toMatchObject({ pending: true, event: { id: ops[1]!.opId, fromStage: 'new', toStage: 'closed' } });
  });

  it('consecutive edits of one record queue one op keeping the earliest base, until a drain sends it', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Hany', '01011112222'));
    // Pretend the create was already confirmed by the server.
    core.store.run(core.store.q.deleteFrom('outbox'));
    core.leads.update(lead.id, { notes: 'one' });
    core.leads.update(lead.id, { notes: 'two', source: 'facebook' });
    let ops = core.outbox.list(10);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.changes).toEqual({ notes: { value: 'two', base: '' }, source: { value: 'facebook', base: null } });
    // Once a drain has sent it, the op is frozen: the next edit is a new op.
    core.store.run(core.store.q.updateTable('outbox').set({ sent_at: '2026-03-01T10:00:00.000Z' }));
    core.leads.update(lead.id, { notes: 'three' });
    ops = core.outbox.list(10);
    expect(ops).toHaveLength(2);
    expect(ops[1]!.changes).toEqual({ notes: { value: 'three', base: 'two' } });
  });

  it('an edit undone before it is sent leaves nothing to send; a stage move is never folded', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Hany', '01011112222'));
    core.store.run(core.store.q.deleteFrom('outbox'));
    core.leads.update(lead.id, { name: 'Hany M.' });
    core.leads.update(lead.id, { name: 'Hany' });
    expect(core.outbox.list(10)).toEqual([]);
    core.leads.moveToStage(lead.id, 'contacted', null, null);
    core.leads.moveToStage(lead.id, 'viewing', null, null);
    expect(core.outbox.list(10)).toHaveLength(2);
  });

  it('edits before the first sync fold into the unsent create', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Hany', '01011112222'));
    core.leads.update(lead.id, { email: 'hany@example.com' });
    const ops = core.outbox.list(10);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.values).toMatchObject({ name: 'Hany', email: 'hany@example.com' });
  });

  it('saving a field unchanged queues nothing', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Hany', '01011112222'));
    const before = core.outbox.list(10);
    core.leads.update(lead.id, { name: 'Hany', phones: ['01011112222'] });
    expect(core.outbox.list(10)).toEqual(before);
  });

  it('calls and follow-ups keep last contact and next follow-up up to date, and show in the timeline', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Rana', '01033334444'));
    core.activity.logCall({ leadId: lead.id, outcome: 'answered', durationSeconds: 95, note: 'interested', occurredAt: '2026-03-02T10:00:00Z' });
    core.activity.logCall({ leadId: lead.id, outcome: 'no_answer', durationSeconds: 0, note: '', occurredAt: '2026-03-01T10:00:00Z' });
    const t1 = core.activity.createTask({ leadId: lead.id, title: 'Send brochure', dueAt: '2026-03-05T09:00:00Z' });
    core.activity.createTask({ leadId: lead.id, title: 'Viewing', dueAt: '2026-03-07T09:00:00Z' });
    core.activity.addNote({ leadId: lead.id, body: 'Prefers ground floor' });
    expect(core.leads.get(lead.id)).toMatchObject({
      lastContactedAt: '2026-03-02T10:00:00.000Z',
      nextFollowUpAt: '2026-03-05T09:00:00.000Z',
    });
    core.activity.completeTask(t1.id);
    expect(core.leads.get(lead.id).nextFollowUpAt).toBe('2026-03-07T09:00:00.000Z');
    const detail = core.leads.detail(lead.id);
    expect(detail.tasks.map((t) => [t.title, Boolean(t.doneAt)])).toEqual([
      ['Send brochure', true],
      ['Viewing', false],
    ]);
    expect(detail.timeline.map((t) => t.kind).sort()).toEqual(['call', 'call', 'event', 'note']);
    expect(detail.timeline.every((t) => t.pending)).toBe(true);
    expect(core.outbox.list(100).map((o) => `${o.type} ${o.entity}`)).toEqual([
      'create lead', 'create call_log', 'create call_log', 'create task', 'create task', 'create lead_note', 'update task',
    ]);
  });

  it('a deleted lead takes no calls until restored, and restore brings it back with the same id', () => {
    const core = tempCore();
    const lead = core.leads.create(draft('Rana', '01033334444'));
    core.leads.delete(lead.id);
    expect(() => core.activity.logCall({ leadId: lead.id, outcome: 'busy', durationSeconds: 0, note: '' })).toThrow(/deleted/);
    expect(core.leads.countByStage({}).new).toBe(0);
    const back = core.leads.restore(lead.id);
    expect(back).toMatchObject({ id: lead.id, deleted: false });
    expect(core.leads.countByStage({}).new).toBe(1);
    expect(core.outbox.list(10).map((o) => o.type)).toEqual(['create', 'delete', 'restore']);
  });

  it('counts per stage come from SQL and follow every move', () => {
    const core = tempCore();
    const leads = core.leads.createMany([draft('A', '01000000001'), draft('B', '01000000002'), draft('C', '01000000003')]);
    core.leads.moveToStage(leads[0]!, 'viewing', null, null);
    core.leads.moveToStage(leads[1]!, 'closed', 'won', null);
    expect(core.leads.countByStage({})).toEqual({ new: 1, contacted: 0, viewing: 1, negotiation: 0, closed: 1 });
    expect(core.leads.countByStage({ search: 'b' })).toEqual({ new: 0, contacted: 0, viewing: 0, negotiation: 0, closed: 1 });
  });

  it('follow-up filters use the computer\'s calendar day', () => {
    const now = new Date(2026, 2, 10, 15, 0, 0); // 10 March, 15:00 local time
    const core = tempCore({ now: () => now });
    const [a, b, c, d] = core.leads.createMany([draft('A', '01000000001'), draft('B', '01000000002'), draft('C', '01000000003'), draft('D', '01000000004')]);
    const at = (day: number, hour: number) => new Date(2026, 2, day, hour).toISOString();
    core.activity.createTask({ leadId: a!, title: 'late', dueAt: at(9, 10) });
    core.activity.createTask({ leadId: b!, title: 'this evening', dueAt: at(10, 20) });
    core.activity.createTask({ leadId: c!, title: 'in 3 days', dueAt: at(13, 9) });
    core.activity.createTask({ leadId: d!, title: 'next month', dueAt: at(40, 9) });
    const names = (followUp: 'overdue' | 'today' | 'week') =>
      core.leads.list({ followUp, sort: 'nextFollowUp', limit: 50 }).items.map((l) => l.name);
    expect(names('overdue')).toEqual(['A']);
    expect(names('today')).toEqual(['B']);
    expect(names('week')).toEqual(['B', 'C']);
  });
});

describe('stage counts', () => {
  it('always equal a count by hand, through creates, moves, deletes, restores and reassignments (property)', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('create', 'move', 'delete', 'restore', 'assign'), fc.nat(), fc.constantFrom(...(['new', 'contacted', 'viewing', 'negotiation'] as const)), fc.constantFrom(null, 'u1', 'u2')),
          { maxLength: 60 },
        ),
        (steps) => {
          const core = tempCore();
          const ids: string[] = [];
          for (const [action, pick, stage, owner] of steps) {
            const id = ids[pick % Math.max(1, ids.length)];
            if (action === 'create' || !id) ids.push(core.leads.create(draft(`L${ids.length}`, `0100000${String(ids.length).padStart(4, '0')}`)).id);
            else if (action === 'move') {
              if (!core.leads.get(id).deleted) core.leads.moveToStage(id, stage, null, null);
            }
            else if (action === 'delete') core.leads.delete(id);
            else if (action === 'restore') core.leads.restore(id);
            // Reassignment arrives with sync; here it is written directly, as a pull would.
            else core.store.run(core.store.q.updateTable('leads').set({ owner_id: owner }).where('id', '=', id));
          }
          for (const ownerId of [undefined, 'u1', 'u2']) {
            const fromSql = core.leads.countByStage({ ownerId });
            const full = { new: 0, contacted: 0, viewing: 0, negotiation: 0, closed: 0 } as Record<string, number>;
            for (const row of core.store.all(core.store.q.selectFrom('leads').select(['stage', 'owner_id']).where('deleted', '=', 0))) {
              if (ownerId === undefined || row.owner_id === ownerId) full[row.stage]!++;
            }
            expect(fromSql).toEqual(full);
          }
          core.close();
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('search plans', () => {
  it('a common word and a rare one both come back newest first and page without repeats', () => {
    const core = tempCore();
    const ids = core.leads.createMany(
      Array.from({ length: 600 }, (_, i) => draftWithNotes(`Lead ${i}`, `010${String(30_000_000 + i)}`, i % 150 === 0 ? 'rare penthouse' : 'common villa')),
    );
    for (const [word, expected] of [['villa', 596], ['penthouse', 4]] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = core.leads.list({ search: word, sort: 'updated', limit: 40, cursor });
        seen.push(...page.items.map((l) => l.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(expected);
      expect(new Set(seen).size).toBe(expected);
      // Same timestamps ordering: newest created (highest seq) first.
      const order = seen.map((id) => ids.indexOf(id));
      expect([...order].sort((a, b) => b - a)).toEqual(order);
    }
  });
});

function draftWithNotes(name: string, phone: string, notes: string) {
  return { name, phones: [phone], notes, stage: 'new', email: null } as never;
}
