import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../../main/sync/sync-engine';
import { httpTransport } from '../../main/sync/transport';
import { random } from '../../main/dev/sample-leads';
import { tempCore } from '../support/temp';
import type { Core } from '../../main/core';
import { draft, startServer } from './support';
import { startFaultProxy, type Fault } from './fault-proxy';

/** The same offline day for every run: leads, calls, stage moves and notes. */
function workDay(core: Core) {
  const rng = random(5);
  const ids = core.leads.createMany(Array.from({ length: 40 }, (_, i) => draft(`Lead ${i}`, `012${String(10_000_000 + i)}`)));
  for (let i = 0; i < 60; i++) {
    const k = rng.int(ids.length);
    const id = ids[k]!;
    if (i % 3 === 0) core.activity.logCall({ leadId: id, outcome: 'answered', durationSeconds: i, note: `call ${i}` });
    else if (i % 3 === 1) core.leads.moveToStage(id, (['contacted', 'viewing', 'negotiation'] as const)[rng.int(3)]!, null, null);
    else core.leads.update(id, { notes: `note ${i}` });
  }
}

async function syncedDay(faulty: boolean) {
  const server = await startServer('sqlite');
  const rng = random(17);
  const proxy = faulty
    ? await startFaultProxy(new URL(server.url), (): Fault => (['pass', 'drop', 'delay', 'cut-response'] as const)[rng.int(4)]!)
    : null;
  try {
    const api = await server.user('Agent', 'agent', ['cairo']);
    const core = tempCore();
    core.sync.bind(server.url, api.userId);
    const engine = new SyncEngine({
      core,
      transport: httpTransport({ serverUrl: proxy?.url ?? server.url, token: api.token, timeoutMs: 5_000 }),
      batchSize: 9,
      pullLimit: 20,
    });
    workDay(core);
    let failures = 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        await engine.syncOnce();
        if (core.outbox.pendingCount() === 0) break;
      } catch {
        failures++;
      }
    }
    // One more clean pull so both runs end having seen the whole feed.
    const finalEngine = new SyncEngine({ core, transport: httpTransport({ serverUrl: server.url, token: api.token }) });
    await finalEngine.syncOnce();
    const byName = core.store
      .all(core.store.q.selectFrom('leads').selectAll().orderBy('name'))
      .map((l) => [l.name, l.stage, l.notes, l.server_version, l.owner_id === api.userId]);
    const calls = core.store.all(core.store.q.selectFrom('call_logs').select(['note', 'duration_s']).orderBy('note'));
    const serverCalls = await server.store.db.selectFrom('call_logs').select('id').execute();
    const applied = await server.store.db.selectFrom('applied_ops').select('op_id').execute();
    return { byName, calls, serverCalls: serverCalls.length, applied: applied.length, failures, faults: proxy?.faults };
  } finally {
    await proxy?.close();
    await server.close();
  }
}

describe('a bad network', () => {
  it('dropped, delayed and cut-off connections end exactly where a clean network does', async () => {
    const clean = await syncedDay(false);
    const rough = await syncedDay(true);
    expect(rough.faults!['cut-response']).toBeGreaterThan(0);
    expect(rough.faults!.drop).toBeGreaterThan(0);
    expect(rough.failures).toBeGreaterThan(0);
    expect(rough.byName).toEqual(clean.byName);
    expect(rough.calls).toEqual(clean.calls);
    expect(rough.serverCalls).toBe(clean.serverCalls);
    expect(rough.applied).toBe(clean.applied);
  }, 120_000);
});
