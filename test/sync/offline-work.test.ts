import { describe, expect, it } from 'vitest';
import { httpTransport, TransportError, type SyncTransport } from '../../main/sync/transport';
import { SyncBusyError, SyncEngine } from '../../main/sync/sync-engine';
import { openCore } from '../../main/core';
import { draft, signIn, startServer, visible } from './support';

describe('offline work reaches the server', () => {
  it('leads, calls and stage moves made offline arrive once, owned by the agent, and show on a second device', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Karim Adel', '01012345678'));
    agent.core.activity.logCall({ leadId: lead.id, outcome: 'answered', durationSeconds: 40, note: 'interested' });
    agent.core.leads.moveToStage(lead.id, 'viewing', null, null);
    agent.core.activity.addNote({ leadId: lead.id, body: 'Prefers a garden' });
    expect(agent.engine.status().pendingOps).toBe(4);

    const report = await agent.sync();
    expect(report).toMatchObject({ pushed: 4, parked: 0, remaining: 0 });
    const synced = agent.core.leads.get(lead.id);
    expect(synced).toMatchObject({ stage: 'viewing', ownerId: agent.userId, branchId: 'cairo', serverVersion: expect.any(Number) });
    expect(agent.engine.status()).toMatchObject({ state: 'online', pendingOps: 0, lastError: null });
    // The timeline keeps one stage event: the server's copy has the op's id.
    const events = agent.core.leads.detail(lead.id).timeline.filter((t) => t.kind === 'event' && t.event.kind === 'stage_changed');
    expect(events).toHaveLength(1);
    expect(events[0]!.pending).toBe(false);

    // A second sync sends nothing again.
    expect(await agent.sync()).toMatchObject({ pushed: 0, remaining: 0 });

    const colleague = await signIn(server, { name: 'Omar', role: 'agent', branches: ['cairo'] });
    await colleague.sync();
    expect(visible(colleague.core)).toEqual(visible(agent.core));
    const detail = colleague.core.leads.detail(lead.id);
    expect(detail.timeline.map((t) => t.kind).sort()).toEqual(['call', 'event', 'event', 'note']);
    expect(colleague.core.leads.list({ search: 'garden', sort: 'updated', limit: 5 }).items).toHaveLength(0); // notes of the timeline are not lead notes
    expect(colleague.core.leads.list({ search: 'karim', sort: 'updated', limit: 5 }).items.map((l) => l.id)).toEqual([lead.id]);
    expect(colleague.core.leads.get(lead.id).lastContactedAt).not.toBeNull();
  });

  it('a lost response is replayed safely: nothing applied twice, no conflict logged twice', async () => {
    const server = await startServer('sqlite');
    let loseNext = true;
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] }, {
      wrap: (t): SyncTransport => ({
        ...t,
        push: async (body) => {
          const answer = await t.push(body);
          if (loseNext) {
            loseNext = false;
            throw new TransportError({ kind: 'network', message: 'connection reset after the server committed' });
          }
          return answer;
        },
      }),
    });
    const ids = agent.core.leads.createMany([draft('A', '01000000001'), draft('B', '01000000002')]);
    await expect(agent.sync()).rejects.toThrow(/connection reset/);
    expect(agent.engine.status()).toMatchObject({ state: 'error', pendingOps: 2, nextRetryAt: expect.any(String) });
    const report = await agent.sync();
    expect(report).toMatchObject({ pushed: 2, remaining: 0 });
    const onServer = await server.store.db.selectFrom('leads').select('id').execute();
    expect(onServer.map((r) => r.id).sort()).toEqual([...ids].sort());
    const applied = await server.store.db.selectFrom('applied_ops').select('op_id').execute();
    expect(applied).toHaveLength(2);
  });

  it('10,000 ops queued during a long time offline drain in one sync', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const ids = agent.core.leads.createMany(Array.from({ length: 5_000 }, (_, i) => draft(`Lead ${i}`, `010${String(40_000_000 + i)}`)));
    // Half of them are worked on later: a stage move each (never folded into the create? it is: creates are unsent)
    for (const id of ids.slice(0, 5_000)) agent.core.activity.logCall({ leadId: id, outcome: 'no_answer', durationSeconds: 0, note: '' });
    expect(agent.engine.status().pendingOps).toBe(10_000);
    const report = await agent.sync();
    expect(report).toMatchObject({ pushed: 10_000, parked: 0, remaining: 0 });
    const count = await server.store.db.selectFrom('call_logs').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst();
    expect(Number(count!.n)).toBe(5_000);
  });

  it('only one sync runs at a time, and a dead holder does not wedge the next one', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    agent.core.leads.create(draft('A', '01000000001'));
    const first = agent.sync();
    await expect(agent.sync()).rejects.toBeInstanceOf(SyncBusyError);
    await first;
    // A process that died holding the lease (pid that cannot exist).
    agent.core.store.run(
      agent.core.store.q.insertInto('sync_lease').values({ id: 1, holder: 'crashed', pid: 2 ** 22 + 12345, acquired_at: new Date().toISOString(), heartbeat_at: new Date().toISOString() }),
    );
    agent.core.leads.create(draft('B', '01000000002'));
    expect(await agent.sync()).toMatchObject({ pushed: 1 });
  });

  it('an edit made beside a drain (the CLI on the same folder) never folds into an op the drain has already read', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const lead = agent.core.leads.create(draft('Heba', '01055550000'));
    await agent.sync();
    agent.core.leads.update(lead.id, { notes: 'first' });
    const cli = openCore({ dataDir: agent.core.dataDir });
    cli.store.connection.pragma('busy_timeout = 0');
    const repo = agent.engine.repository;
    const nextBatch = repo.nextBatch.bind(repo);
    let cliError: unknown = null;
    repo.nextBatch = (limit, inFlight) => {
      const ops = nextBatch(limit, inFlight);
      // The CLI writes just after the drain read its batch, before it is marked as sent.
      if (ops.length && cliError === null) {
        try {
          cli.leads.update(lead.id, { notes: 'second' });
          cliError = 'none';
        } catch (error) {
          cliError = error;
        }
      }
      return ops;
    };
    await agent.sync();
    // The drain held the write lock from reading its batch to freezing it: the CLI waited
    // (here refused at once, as busy) and changed nothing.
    expect(String(cliError)).toMatch(/locked|busy/i);
    expect(cli.leads.get(lead.id).notes).toBe('first');
    cli.leads.update(lead.id, { notes: 'second' });
    cli.close();
    repo.nextBatch = nextBatch;
    await agent.sync();
    const onServer = await server.store.db.selectFrom('leads').select('notes').where('id', '=', lead.id).executeTakeFirst();
    expect(onServer?.notes).toBe('second');
    expect(agent.core.leads.get(lead.id).notes).toBe('second');
  });

  it('a drain taken over while it hung stops at its next step, and the lead reaches the server once', async () => {
    const server = await startServer('sqlite');
    let release: (() => void) | null = null;
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] }, {
      // The first push hangs (a laptop asleep mid-sync) until released below.
      wrap: (t) => ({
        ...t,
        push: async (body) => {
          if (!release) await new Promise<void>((resolve) => (release = resolve));
          return t.push(body);
        },
      }),
    });
    const lead = agent.core.leads.create(draft('A', '01000000001'));
    const hung = agent.sync();
    await expect.poll(() => release !== null).toBe(true);
    // Silent past the stale limit: another sync of this folder (the CLI beside the app) takes over.
    agent.core.store.run(agent.core.store.q.updateTable('sync_lease').set({ heartbeat_at: new Date(Date.now() - 3 * 60_000).toISOString() }));
    const other = new SyncEngine({ core: agent.core, transport: agent.transport });
    expect(await other.syncOnce()).toMatchObject({ pushed: 1, remaining: 0 });
    release!();
    await expect(hung).rejects.toBeInstanceOf(SyncBusyError);
    const onServer = await server.store.db.selectFrom('leads').select('id').where('name', '=', 'A').execute();
    expect(onServer.map((r) => r.id)).toEqual([lead.id]);
    expect(agent.engine.status()).toMatchObject({ pendingOps: 0, lastError: null });
  });

  it('a data folder with unsynced work refuses to be bound to another server or user', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    agent.core.leads.create(draft('A', '01000000001'));
    expect(() => agent.core.sync.bind('http://127.0.0.1:1', agent.userId)).toThrow(/1 unsynced change/);
    expect(() => agent.core.sync.bind(server.url, 'someone-else')).toThrow(/unsynced/);
    expect(agent.engine.status().pendingOps).toBe(1);
  });
});

describe('when the server says no', () => {
  const failing = (status: number, code: string): SyncTransport => {
    const error = () => new TransportError({ kind: 'http', status, code, message: `answered ${status}`, retryAfterMs: status === 503 ? 30_000 : null });
    return {
      health: async () => ({ serverTime: new Date().toISOString() }),
      me: async () => Promise.reject(error()),
      users: async () => Promise.reject(error()),
      push: async () => Promise.reject(error()),
      pull: async () => Promise.reject(error()),
    };
  };

  it.each([
    [401, 'unauthorized', 'signed-out', /Sign in again/],
    [426, 'update_required', 'update-required', /Update Fieldline/],
  ])('%i stops sync with a clear reason and keeps every op', async (status, code, state, message) => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] }, { wrap: () => failing(status, code) });
    agent.core.leads.create(draft('A', '01000000001'));
    await expect(agent.sync()).rejects.toThrow();
    expect(agent.engine.status()).toMatchObject({ state, pendingOps: 1, lastError: expect.stringMatching(message), nextRetryAt: null });
  });

  it('503 with Retry-After waits at least that long before the next try', async () => {
    const server = await startServer('sqlite');
    const now = new Date('2026-06-01T10:00:00Z');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] }, { wrap: () => failing(503, 'busy'), now: () => now });
    agent.core.leads.create(draft('A', '01000000001'));
    await expect(agent.sync()).rejects.toThrow();
    const status = agent.engine.status();
    expect(status.state).toBe('error');
    expect(Date.parse(status.nextRetryAt!) - now.getTime()).toBeGreaterThanOrEqual(30_000);
  });
});

describe('a cursor the server cannot honour', () => {
  it('410 pulls everything again and keeps every unsynced op', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const colleague = await signIn(server, { name: 'Omar', role: 'agent', branches: ['cairo'] });
    colleague.core.leads.createMany([draft('A', '01000000001'), draft('B', '01000000002')]);
    await colleague.sync();
    await agent.sync();
    // As after the server was restored from a backup: our cursor points past its feed.
    agent.core.store.run(agent.core.store.q.updateTable('sync_state').set({ cursor: 'abcdef.999999' }));
    const mine = agent.core.leads.create(draft('Unsynced', '01000000003'));
    await agent.sync();
    expect(agent.core.status().leads).toBe(3);
    expect(agent.core.leads.get(mine.id).serverVersion).not.toBeNull();
    expect(agent.engine.status().pendingOps).toBe(0);
  });
});

describe('a server restored from a backup', () => {
  it('after the resync, what the server no longer has is gone here too, and unsynced work is not', async () => {
    const server = await startServer('sqlite');
    const agent = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const colleague = await signIn(server, { name: 'Omar', role: 'agent', branches: ['cairo'] });
    const [kept, lost] = colleague.core.leads.createMany([draft('Kept', '01000000001'), draft('Lost', '01000000002')]);
    const call = colleague.core.activity.logCall({ leadId: kept!, outcome: 'answered', durationSeconds: 30, note: 'after the backup' });
    await colleague.sync();
    await agent.sync();
    const calls = (id: string) => agent.core.leads.detail(id).timeline.filter((t) => t.kind === 'call');
    expect(calls(kept!)).toHaveLength(1);
    // The server goes back to a backup taken before "Lost" and the call: its feed ends before our cursor.
    const { db } = server.store;
    await db.deleteFrom('changes').where((e) => e.or([e('lead_id', '=', lost!), e('entity_id', '=', call.id)])).execute();
    await db.deleteFrom('call_logs').where('id', '=', call.id).execute();
    await db.deleteFrom('lead_events').where('lead_id', '=', lost!).execute();
    await db.deleteFrom('leads').where('id', '=', lost!).execute();
    agent.core.store.run(agent.core.store.q.updateTable('sync_state').set({ cursor: 'abcdef.999999' }));
    // Meanwhile, offline: an edit of a lead the server still has, and a new lead.
    agent.core.leads.update(kept!, { notes: 'mine' });
    const mine = agent.core.leads.create(draft('Unsynced', '01000000003'));

    expect(await agent.sync()).toMatchObject({ parked: 0, remaining: 0 });
    expect(agent.core.leads.list({ sort: 'name', limit: 10 }).items.map((l) => l.name)).toEqual(['Kept', 'Unsynced']);
    expect(agent.core.leads.list({ search: 'lost', sort: 'name', limit: 10 }).items).toEqual([]);
    expect(agent.core.leads.get(kept!).notes).toBe('mine');
    expect(calls(kept!)).toEqual([]);
    expect(agent.core.leads.get(mine.id).serverVersion).not.toBeNull();
    // The next sync has nothing left to strike off.
    expect(await agent.sync()).toMatchObject({ remaining: 0 });
    expect(agent.core.status().leads).toBe(2);
  });
});

describe('a shared laptop', () => {
  it('a data folder handed to another user after everything synced starts clean, with a new client id', async () => {
    const server = await startServer('sqlite');
    const first = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    first.core.leads.create(draft('Mona\'s lead', '01000000001'));
    await first.sync();
    const clientId = first.core.syncState().client_id;
    const other = await server.user('Omar', 'agent', ['alex']);
    first.core.sync.bind(server.url, other.userId);
    expect(first.core.syncState().client_id).not.toBe(clientId);
    expect(first.core.status().leads).toBe(0); // Mona's branch is not Omar's to see
    const engine = new SyncEngine({ core: first.core, transport: httpTransport({ serverUrl: server.url, token: other.token }) });
    first.core.leads.create(draft('Omar\'s lead', '01000000002'));
    expect(await engine.syncOnce()).toMatchObject({ pushed: 1, parked: 0, remaining: 0 });
  });
});
