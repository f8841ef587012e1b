import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxOp } from '../../shared/outbox';
import type { PushResult } from '../../shared/protocol';
import type { SyncTransport } from '../../main/sync/transport';
import { draft, signIn, startServer, STORE_KINDS, visible, type Client } from './support';

/** Runs per store in `npm test`; `npm run test:soak` sets FIELDLINE_SOAK_RUNS much higher. */
const RUNS = Number(process.env.FIELDLINE_SOAK_RUNS ?? 12);
const STAGES = ['new', 'contacted', 'viewing', 'negotiation'] as const;

type Action =
  | { kind: 'create'; who: number }
  | { kind: 'notes' | 'source'; who: number; pick: number; text: string }
  | { kind: 'stage'; who: number; pick: number; stage: (typeof STAGES)[number] }
  | { kind: 'phone'; who: number; pick: number; digits: number }
  | { kind: 'delete' | 'restore' | 'call'; who: number; pick: number }
  | { kind: 'assign'; pick: number; toAlex: boolean }
  | { kind: 'merge'; who: number; pick: number; other: number; notes: 'survivor' | 'merged' | 'both' }
  | { kind: 'sync'; who: number };

const who = fc.integer({ min: 0, max: 2 });
const pick = fc.nat(50);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('notes' as const, 'source' as const), who, pick, text: fc.constantFrom('a', 'b', 'c', 'd', 'e') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stage' as const), who, pick, stage: fc.constantFrom(...STAGES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('phone' as const), who, pick, digits: fc.integer({ min: 1000, max: 9999 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'restore' as const, 'call' as const), who, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), pick, toAlex: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('merge' as const), who, pick, other: pick, notes: fc.constantFrom('survivor' as const, 'merged' as const, 'both' as const) }),
  },
);

/** Remembers every op a client's pushes carried and what the server answered. */
function recording(log: { op: OutboxOp; result: PushResult }[]) {
  return (t: SyncTransport): SyncTransport => ({
    ...t,
    push: async (body) => {
      const answer = await t.push(body);
      answer.results.forEach((result, i) => log.push({ op: body.ops[i]!, result }));
      return answer;
    },
  });
}

async function run(kind: 'sqlite' | 'postgres', actions: Action[]) {
  const server = await startServer(kind);
  try {
    await check(server, actions);
  } finally {
    await server.close();
  }
}

async function check(server: Awaited<ReturnType<typeof startServer>>, actions: Action[]) {
  const logs: { op: OutboxOp; result: PushResult }[][] = [[], [], []];
  // Two agents of Cairo and a manager of Cairo and Alexandria; one clock a day fast, one a day slow.
  const day = 24 * 3600_000;
  const clients: Client[] = [
    await signIn(server, { name: 'Agent 1', role: 'agent', branches: ['cairo'] }, { wrap: recording(logs[0]!), now: () => new Date(Date.now() + day) }),
    await signIn(server, { name: 'Agent 2', role: 'agent', branches: ['cairo'] }, { wrap: recording(logs[1]!), now: () => new Date(Date.now() - day) }),
    await signIn(server, { name: 'Manager', role: 'manager', branches: ['cairo', 'alex'] }, { wrap: recording(logs[2]!) }),
  ];
  const leadsOf = (c: Client) => c.core.store.all(c.core.store.q.selectFrom('leads').select('id').orderBy('seq')).map((r) => r.id);
  let created = 0;
  for (const a of actions) {
    const c = clients[a.kind === 'assign' ? 2 : a.who]!;
    const ids = leadsOf(c);
    const id = 'pick' in a ? ids[a.pick % Math.max(1, ids.length)] : undefined;
    const live = id ? !c.core.leads.get(id).deleted : false;
    switch (a.kind) {
      case 'create':
        c.core.leads.create(draft(`Lead ${created}`, `010${String(10_000_000 + created++)}`));
        break;
      case 'notes':
        if (id && live) c.core.leads.update(id, { notes: `${a.text} by ${a.who}` });
        break;
      case 'source':
        if (id && live) c.core.leads.update(id, { source: `${a.text} by ${a.who}` });
        break;
      case 'stage':
        if (id && live) c.core.leads.moveToStage(id, a.stage, null, null);
        break;
      case 'phone':
        if (id && live) c.core.leads.update(id, { phones: [...c.core.leads.get(id).phones.map((p) => p.raw), `0122000${a.digits}`].slice(-4) });
        break;
      case 'delete':
        if (id) c.core.leads.delete(id);
        break;
      case 'restore':
        if (id) c.core.leads.restore(id);
        break;
      case 'call':
        if (id && live) c.core.activity.logCall({ leadId: id, outcome: 'answered', durationSeconds: 10, note: `call by ${a.who}` });
        break;
      case 'assign': {
        const lead = id ? c.core.leads.get(id) : null;
        if (lead && live && lead.ownerId) c.core.leads.assign(lead.id, clients[a.pick % 2]!.userId, a.toAlex ? 'alex' : 'cairo');
        break;
      }
      case 'merge': {
        const other = ids[a.other % Math.max(1, ids.length)];
        // An agent merging a colleague's lead is refused by the server, parked, and discarded below.
        if (id && other && id !== other && live && !c.core.leads.get(other).deleted) c.core.leads.merge(id, other, { notes: a.notes, phones: 'both' });
        break;
      }
      case 'sync':
        await c.sync();
        break;
    }
  }
  // Quiesce: the refused ops (agents' deletes of others' leads…) are discarded by their
  // users, then everyone syncs until nothing moves.
  for (let round = 0; round < 3; round++) {
    for (const c of clients) {
      await c.sync();
      for (const p of c.core.sync.parked()) c.core.sync.discardParked(p.opId);
    }
  }
  for (const c of clients) await c.sync();

  // 1. Every client equals the server for what it may see.
  const serverLeads = await server.store.db.selectFrom('leads').selectAll().orderBy('id').execute();
  for (const [i, c] of clients.entries()) {
    const branches = i === 2 ? ['cairo', 'alex'] : ['cairo'];
    const expected = serverLeads
      .filter((l) => branches.includes(l.branch_id as string))
      .map((l) => ({ id: l.id, stage: l.stage, notes: l.notes, deleted: Boolean(l.deleted), mergedInto: l.merged_into, ownerId: l.owner_id, branchId: l.branch_id }));
    const actual = visible(c.core).map((l) => ({
      id: l.id,
      stage: l.stage,
      notes: l.notes,
      deleted: Boolean(l.deleted),
      mergedInto: l.mergedInto,
      ownerId: l.ownerId,
      branchId: l.branchId,
    }));
    expect(actual, `client ${i}`).toEqual(expected);
    expect(c.core.outbox.pendingCount(), `client ${i} has nothing left to send`).toBe(0);
  }
  // 2. Nothing applied twice: one server call log per applied call-log op.
  const appliedCalls = new Set(logs.flat().filter((l) => l.op.entity === 'call_log' && l.result.status !== 'rejected').map((l) => l.op.entityId));
  const serverCalls = await server.store.db.selectFrom('call_logs').select('id').execute();
  expect(serverCalls.map((r) => r.id).sort()).toEqual([...appliedCalls].sort());
  // 3. No value silently dropped: every notes/source/stage value a user pushed is the
  //    final value, or that user replaced it later, or it sits in that user's conflicts.
  //    A lead merged away lives on in its survivor: its values count there, and a value
  //    the merger chose not to carry over stays on the merged lead's record.
  const survivorOf = (leadId: string) => {
    let lead = serverLeads.find((l) => l.id === leadId);
    for (let hops = 0; lead?.merged_into && hops < 20; hops++) lead = serverLeads.find((l) => l.id === lead!.merged_into);
    return lead;
  };
  for (const [i, c] of clients.entries()) {
    const conflicts = c.core.sync.conflicts(true);
    const sent = logs[i]!.filter((l) => l.op.entity === 'lead' && l.op.type === 'update' && l.result.status !== 'rejected');
    sent.forEach((entry, k) => {
      for (const field of ['notes', 'source', 'stage'] as const) {
        const change = entry.op.changes?.[field];
        if (!change) continue;
        const own = serverLeads.find((l) => l.id === entry.op.leadId);
        const final = survivorOf(entry.op.leadId);
        if (!final || !own) continue;
        if (i !== 2 && final.branch_id !== 'cairo') continue; // out of this user's sight now
        const valueOf = (l: typeof final) => (field === 'notes' ? l.notes : field === 'source' ? l.source : l.stage);
        if (valueOf(final) === change.value) continue;
        if (own.merged_into && valueOf(own) === change.value) continue;
        // "Both notes" keeps the text inside the survivor's.
        if (field === 'notes' && typeof change.value === 'string' && change.value && final.notes.includes(change.value)) continue;
        const replacedLater = sent.slice(k + 1).some((later) => survivorOf(later.op.leadId)?.id === final.id && later.op.changes?.[field]);
        if (replacedLater) continue;
        // Someone who saw this value changed it: an ordinary later edit, not a loss.
        const seenAndChanged = logs.some((log, j) =>
          log.some((l) => j !== i && l.result.status !== 'rejected' && survivorOf(l.op.leadId)?.id === final.id && l.op.changes?.[field]?.base === change.value),
        );
        if (seenAndChanged) continue;
        const logged = conflicts.some((x) => [own.id, final.id].includes(x.leadId) && x.field === field && x.myValue === change.value);
        expect(logged, `client ${i}'s ${field} "${String(change.value)}" on ${entry.op.leadId} vanished without a conflict`).toBe(true);
      }
    });
  }
}

describe('convergence under random offline work', () => {
  for (const kind of STORE_KINDS) {
    it(`3 clients with skewed clocks converge on the ${kind} server and lose nothing (property, ${RUNS} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 50 }), (actions) => run(kind, actions)),
        { numRuns: RUNS, seed: Number(process.env.FIELDLINE_SEED ?? 20261125), verbose: 1 },
      );
    });
  }
});
