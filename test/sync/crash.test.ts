import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core';
import { draft, startServer, visible } from './support';
import { random } from '../../main/dev/sample-leads';
import { tempDir } from '../support/temp';

const KILLS = Number(process.env.FIELDLINE_CRASH_KILLS ?? 50);
const root = path.resolve(import.meta.dirname, '../..');

/** Runs the child drain; kills it with SIGKILL `afterMs` after it starts syncing (null: let it finish). */
function drainInChild(dataDir: string, url: string, token: string, afterMs: number | null): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'main/cli/launch.mjs'), 'test/sync/drain-child.ts', dataDir, url, token], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      if (afterMs !== null && d.toString().includes('syncing')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`drain child failed (${code}): ${stderr}`));
    });
  });
}

function addWork(core: Core, rng: ReturnType<typeof random>, round: number) {
  const ids = core.leads.createMany(Array.from({ length: 8 }, (_, i) => draft(`Lead ${round}-${i}`, `011${String(10_000_000 + round * 10 + i)}`)));
  const all = core.store.all(core.store.q.selectFrom('leads').select('id').where('deleted', '=', 0)).map((r) => r.id);
  for (let i = 0; i < 6; i++) {
    const id = all[rng.int(all.length)]!;
    if (i % 3 === 0) core.activity.logCall({ leadId: id, outcome: 'answered', durationSeconds: rng.int(600), note: `round ${round}` });
    else if (i % 3 === 1) core.leads.moveToStage(id, (['contacted', 'viewing', 'negotiation'] as const)[rng.int(3)]!, null, null);
    else core.leads.update(id, { notes: `notes ${round}.${i}` });
  }
  return ids;
}

describe('a sync killed at any moment', () => {
  it(`leaves nothing wedged and nothing applied twice (${KILLS} SIGKILLs mid-drain)`, async () => {
    const server = await startServer('sqlite');
    try {
      const api = await server.user('Agent', 'agent', ['cairo']);
      const dataDir = tempDir();
      const rng = random(99);
      let core = openCore({ dataDir });
      core.sync.bind(server.url, api.userId);
      let queued = 0;
      for (let round = 0; round < 5; round++) addWork(core, rng, round);
      queued += core.outbox.pendingCount();
      core.close();
      let kills = 0;
      for (let round = 0; kills < KILLS; round++) {
        const outcome = await drainInChild(dataDir, server.url, api.token, rng.int(250));
        if (outcome === 'killed') kills++;
        core = openCore({ dataDir });
        const before = core.outbox.pendingCount();
        addWork(core, rng, 100 + round);
        queued += core.outbox.pendingCount() - before;
        core.close();
      }
      expect(await drainInChild(dataDir, server.url, api.token, null)).toBe('finished');
      core = openCore({ dataDir });
      try {
        expect(core.outbox.pendingCount()).toBe(0);
        expect(core.sync.parked()).toEqual([]);
        // Every op applied exactly once: the server remembers each op id once, and holds
        // exactly the calls the client logged.
        const applied = await server.store.db.selectFrom('applied_ops').select('op_id').execute();
        expect(new Set(applied.map((r) => r.op_id)).size).toBe(applied.length);
        const serverCalls = await server.store.db.selectFrom('call_logs').select('id').orderBy('id').execute();
        const localCalls = core.store.all(core.store.q.selectFrom('call_logs').select('id').orderBy('id'));
        expect(serverCalls.map((r) => r.id)).toEqual(localCalls.map((r) => r.id));
        // Client and server hold equal data.
        const serverLeads = await server.store.db.selectFrom('leads').selectAll().orderBy('id').execute();
        expect(visible(core).map((l) => [l.id, l.stage, l.notes, l.version])).toEqual(
          serverLeads.map((l) => [l.id, l.stage, l.notes, Number(l.version)]),
        );
        expect(core.sync.conflicts()).toEqual([]);
        expect(queued).toBeGreaterThan(KILLS * 10);
      } finally {
        core.close();
      }
    } finally {
      await server.close();
    }
  }, Math.max(240_000, KILLS * 4_000));
});
