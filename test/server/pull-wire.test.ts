/**
 * A pull page's leads are built as JSON by the database (server/rows.ts `leadJsonSql`):
 * what a client downloads must be exactly what `toServerLead` makes of the stored row, on
 * both stores, for awkward text too. And a page that has more says where the next one
 * starts in a header, before its body.
 */
import { describe, expect, it } from 'vitest';
import { NEXT_CURSOR_HEADER, type PullResponse } from '../../shared/protocol';
import { toServerLead, type LeadRow } from '../../server/rows';
import { createLead, ops, startServer, STORE_KINDS } from './support';

const AWKWARD_NOTES = 'said "call after 6"\\ then left\nline two\ttabbed \u0001 control, emoji 🏠, عربي مُشَكَّل';

describe.each(STORE_KINDS)('pull wire form on %s', (kind) => {
  it('sends each lead exactly as toServerLead shows the stored row, key order included', async () => {
    const server = await startServer(kind);
    const manager = await server.user('Mariam', 'manager', ['cairo']);
    const plain = await createLead(manager, { name: 'أحمد عبد الله', notes: AWKWARD_NOTES, email: 'a.o@example.com' });
    const sparse = await createLead(manager, {
      phones: [],
      email: null,
      source: null,
      budgetMin: null,
      budgetMax: 10_000_000_000_000,
      propertyType: null,
      propertyArea: null,
      notes: '',
    });
    const closed = await createLead(manager, { stage: 'closed', outcome: 'lost', lostReason: 'price "too high"' });
    const gone = await createLead(manager, { name: 'Deleted Lead' });
    expect((await manager.push([ops.deleteLead(gone.id, gone.version)]))[0]?.status).toBe('applied');
    const survivor = await createLead(manager, { name: 'Survivor' });
    const merged = await createLead(manager, { name: 'Merged Away' });
    expect((await manager.push([ops.mergeLeads(survivor.id, merged.id, null, { survivor: survivor.version, merged: merged.version })]))[0]?.status).toBe(
      'applied',
    );

    const reply = await manager.request<string>('GET', '/v1/pull?limit=1000', undefined, { 'accept-encoding': 'identity' });
    expect(reply.status).toBe(200);
    const page = reply.body as unknown as PullResponse;
    const rows = (await server.store.db.selectFrom('leads').selectAll().execute()) as LeadRow[];
    expect(rows).toHaveLength(6);
    const latest = new Map(page.items.flatMap((item) => (item.kind === 'lead' ? [[item.lead.id, item.lead] as const] : [])));
    for (const row of rows) {
      const expected = toServerLead({ ...row, version: Number(row.version), budget_min: num(row.budget_min), budget_max: num(row.budget_max) });
      const sent = latest.get(row.id);
      expect(sent).toEqual(expected);
      expect(Object.keys(sent!)).toEqual(Object.keys(expected));
    }
    expect(latest.get(plain.id)?.notes).toBe(AWKWARD_NOTES);
    expect(latest.get(sparse.id)).toMatchObject({ phones: [], budgetMax: 10_000_000_000_000, email: null });
    expect(latest.get(closed.id)).toMatchObject({ outcome: 'lost', lostReason: 'price "too high"' });
    expect(latest.get(gone.id)).toMatchObject({ deleted: true, mergedInto: null });
    expect(latest.get(merged.id)).toMatchObject({ deleted: true, mergedInto: survivor.id });
    expect(latest.get(survivor.id)).toMatchObject({ deleted: false });
  });

  it('names the next page in a header while there is one, and not on the last page', async () => {
    const server = await startServer(kind);
    const agent = await server.user('Amal', 'agent', ['cairo']);
    for (let i = 0; i < 3; i++) await createLead(agent, { name: `Lead ${i}` });
    const first = await agent.request<PullResponse>('GET', '/v1/pull?limit=2');
    expect(first.body.hasMore).toBe(true);
    expect(first.headers.get(NEXT_CURSOR_HEADER)).toBe(first.body.cursor);
    const last = await agent.request<PullResponse>('GET', `/v1/pull?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(last.body.hasMore).toBe(false);
    expect(last.body.items.map((item) => item.kind === 'lead' && item.lead.name)).toEqual(['Lead 2']);
    expect(last.headers.get(NEXT_CURSOR_HEADER)).toBeNull();
  });

  it('compresses a page for a client that accepts gzip, and not for one that refuses it', async () => {
    const server = await startServer(kind);
    const agent = await server.user('Amal', 'agent', ['cairo']);
    await createLead(agent, { notes: 'x'.repeat(5_000) });
    const zipped = await agent.request<PullResponse>('GET', '/v1/pull?limit=10', undefined, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.body.items).toHaveLength(1);
    const plain = await agent.request<PullResponse>('GET', '/v1/pull?limit=10', undefined, { 'accept-encoding': 'gzip;q=0, identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect({ ...plain.body, serverTime: null }).toEqual({ ...zipped.body, serverTime: null });
  });
});

/** PostgreSQL's driver returns BIGINT columns as strings; the wire has numbers. */
function num(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
