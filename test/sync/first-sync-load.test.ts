/**
 * A new client's first sync sets the leads' secondary indexes aside while it loads (db/
 * indexes-set-aside.ts). Whatever happens, the client ends with every index it had:
 * after the sync, after a sync that failed half-way, and after the app died mid-load.
 */
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core';
import { setIndexesAside } from '../../main/db/indexes-set-aside';
import type { SyncTransport } from '../../main/sync/transport';
import { tempDir } from '../support/temp';
import { draft, signIn, startServer, visible } from './support';

function leadIndexes(core: Core): string[] {
  return (
    core.store.connection.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' ORDER BY name`).all() as { name: string }[]
  ).map((r) => r.name);
}

describe('first sync into an empty database', () => {
  it('loads the branch and ends with every index of the leads table', async () => {
    const server = await startServer('sqlite');
    const writer = await signIn(server, { name: 'Amal', role: 'agent', branches: ['cairo'] });
    for (let i = 0; i < 30; i++) writer.core.leads.create(draft(`Lead ${i}`, `0101234${String(i).padStart(4, '0')}`));
    await writer.sync();
    const reader = await signIn(server, { name: 'Basem', role: 'agent', branches: ['cairo'] }, { batchSize: 10 });
    const before = leadIndexes(reader.core);
    expect(before.length).toBeGreaterThan(5);

    const report = await reader.sync();
    expect(report.pulled).toBeGreaterThanOrEqual(30);
    expect(leadIndexes(reader.core)).toEqual(before);
    expect(visible(reader.core).map((l) => l.name)).toEqual(visible(writer.core).map((l) => l.name));
    // The indexes are used again: a stage page is answered from one.
    const plan = reader.core.store.connection
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM leads WHERE deleted = 0 AND stage = 'new' ORDER BY updated_at DESC, seq DESC LIMIT 50`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX leads_by_stage_updated/);
  });

  it('gets its indexes back when the pull fails half-way, and the next sync finishes the load', async () => {
    const server = await startServer('sqlite');
    const writer = await signIn(server, { name: 'Amal', role: 'agent', branches: ['cairo'] });
    for (let i = 0; i < 12; i++) writer.core.leads.create(draft(`Lead ${i}`, `0101234${String(i).padStart(4, '0')}`));
    await writer.sync();
    let pages = 0;
    const failSecondPage = (t: SyncTransport): SyncTransport => ({
      ...t,
      pull: (cursor, _limit, onNext) => (++pages === 2 ? Promise.reject(new Error('link dropped')) : t.pull(cursor, 5, onNext)),
    });
    const reader = await signIn(server, { name: 'Basem', role: 'agent', branches: ['cairo'] }, { wrap: failSecondPage });
    const before = leadIndexes(reader.core);
    await expect(reader.sync()).rejects.toThrow();
    expect(leadIndexes(reader.core)).toEqual(before);
    expect(visible(reader.core).length).toBeGreaterThan(0);
    await reader.sync();
    expect(leadIndexes(reader.core)).toEqual(before);
    expect(visible(reader.core).map((l) => l.name)).toEqual(visible(writer.core).map((l) => l.name));
  });

  it('builds the indexes again when the app died mid-load, before anything else opens the data', () => {
    const dataDir = tempDir();
    const first = openCore({ dataDir });
    const before = leadIndexes(first);
    expect(setIndexesAside(first.store, 'leads')).toBe(before.length - 1); // the UNIQUE id index stays
    expect(leadIndexes(first)).toEqual(['sqlite_autoindex_leads_1']);
    // No restore: as if the process were killed here.
    first.store.connection.close();

    const reopened = openCore({ dataDir });
    try {
      expect(leadIndexes(reopened)).toEqual(before);
      expect(reopened.store.connection.prepare(`SELECT count(*) AS n FROM indexes_set_aside`).get()).toEqual({ n: 0 });
    } finally {
      reopened.close();
    }
  });
});
