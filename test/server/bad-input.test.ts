/** Whatever a client sends, the server answers with a clear 4xx or per-op rejection: never a 500, never a partial write. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorResponse, PullResponse } from '../../shared/protocol';
import { PAYLOAD_VERSION } from '../../shared/outbox';
import { createLead, leadOf, ops, startServer } from './support';

const uuid = fc.uuid().map((u) => u.toLowerCase());

/** Ops with a valid envelope but arbitrary contents, aimed at leads that do not exist. */
const opLike = fc.record({
  seq: fc.integer(),
  opId: uuid,
  entity: fc.constantFrom('lead', 'call_log', 'lead_note', 'task'),
  entityId: uuid,
  leadId: uuid,
  type: fc.constantFrom('create', 'update', 'delete', 'restore'),
  values: fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })), { nil: null }),
  changes: fc.option(fc.dictionary(fc.constantFrom('name', 'stage', 'phones', 'x'), fc.record({ value: fc.jsonValue({ maxDepth: 2 }), base: fc.jsonValue({ maxDepth: 1 }) })), { nil: null }),
  baseVersion: fc.option(fc.nat(), { nil: null }),
  payloadVersion: fc.constant(1),
  createdAt: fc.constant('2026-03-01T09:00:00.000Z'),
});

describe('bad input', () => {
  /** Any JSON as a query string (values that are not text sent as their JSON). */
  const queryOf = (body: unknown) => {
    const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
    const pairs = typeof body === 'object' && body && !Array.isArray(body) ? Object.entries(body).map(([k, v]) => [k, text(v)]) : [['cursor', text(body)]];
    return new URLSearchParams(pairs).toString();
  };

  it('arbitrary JSON to every route never gives a 500 and changes nothing', async () => {
    const server = await startServer('sqlite');
    const agent = await server.user('Amal', 'agent', ['cairo']);
    const lead = await createLead(agent);
    const before = await server.fingerprint();
    const routes: [string, string][] = [
      ['POST', '/v1/push'],
      ['GET', '/v1/pull'],
      ['GET', '/v1/me'],
      ['GET', '/v1/users'],
      ['GET', '/v1/health'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 4 }), async ([method, route], body) => {
        const reply =
          method === 'POST'
            ? await agent.request(method, route, JSON.stringify(body))
            : await agent.request(method, `${route}?${queryOf(body)}`);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opLike, { maxLength: 5 }), async (batch) => {
        const reply = await agent.request('POST', '/v1/push', { clientId: agent.clientId, payloadVersion: 1, ops: batch });
        expect(reply.status).toBeLessThan(500);
        if (reply.status === 200) {
          const { results } = reply.body as { results: { status: string }[] };
          expect(results.map((r) => r.status)).toEqual(batch.map(() => 'rejected'));
        }
      }),
      { numRuns: 150 },
    );
    expect(await server.fingerprint()).toBe(before);
    expect(lead.version).toBe(1);
  });

  it('malformed JSON, schema errors, size and version problems get clear 4xx answers', async () => {
    const server = await startServer('sqlite');
    const agent = await server.user('Amal', 'agent', ['cairo']);
    const malformed = await agent.request<ErrorResponse>('POST', '/v1/push', '{"clientId": "a", "ops": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);

    const schema = await agent.request<ErrorResponse>('POST', '/v1/push', { clientId: 'c1', payloadVersion: 1, ops: [{ ...ops.createLead(), opId: 'not-a-uuid' }] });
    expect(schema.status).toBe(400);
    expect(schema.body.error.message).toMatch(/^ops\.0\.opId: /);

    const old = await agent.request<ErrorResponse>('POST', '/v1/push', { clientId: 'c1', payloadVersion: -5, ops: [] });
    expect(old.status).toBe(426);
    expect(old.body.error.code).toBe('update_required');

    // The previous op format is still accepted; a newer one than the server knows is not.
    const previous = ops.createLead();
    const accepted = await agent.request<{ results: { status: string }[] }>('POST', '/v1/push', {
      clientId: 'c1',
      payloadVersion: PAYLOAD_VERSION - 1,
      ops: [{ ...previous, payloadVersion: PAYLOAD_VERSION - 1 }],
    });
    expect(accepted.body.results).toMatchObject([{ status: 'applied' }]);
    expect((await agent.request('POST', '/v1/push', { clientId: 'c1', payloadVersion: PAYLOAD_VERSION + 1, ops: [] })).status).toBe(426);
    expect((await agent.request('POST', '/v1/push', { clientId: 'c1', payloadVersion: PAYLOAD_VERSION - 2, ops: [] })).status).toBe(426);

    const huge = await agent.request('POST', '/v1/push', { clientId: 'c1', payloadVersion: 1, ops: [], pad: 'x'.repeat(33 * 1024 * 1024) });
    expect(huge.status).toBe(413);

    expect((await agent.request('GET', '/v1/pull?limit=0')).status).toBe(400);
    expect((await agent.request('GET', '/v1/pull?cursor=garbage')).status).toBe(400);
    expect((await agent.request('GET', '/v1/nowhere')).status).toBe(404);
  });

  it('"__proto__" keys in a body change no object’s prototype and are refused as fields', async () => {
    const server = await startServer('sqlite');
    const agent = await server.user('Amal', 'agent', ['cairo']);
    const lead = await createLead(agent);
    const update = ops.updateLead(lead.id, { name: { value: 'x', base: 'Mona Hassan' } }, 1);
    const create = ops.createLead();
    const text = JSON.stringify({ clientId: agent.clientId, payloadVersion: 1, ops: [update, create] })
      .replace('"changes":{', '"changes":{"__proto__":{"value":{"polluted":1},"base":null},')
      .replace('"values":{', '"values":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},');
    const reply = await agent.request<{ results: { status: string; code?: string }[] }>('POST', '/v1/push', text);
    expect(reply.status).toBe(200);
    expect(reply.body.results).toMatchObject([{ status: 'rejected', code: 'invalid_op' }, { status: 'applied' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await leadOf(agent, create.entityId)).not.toHaveProperty('polluted');
  });

  it('a cursor the server cannot honour asks for a resync (410)', async () => {
    const server = await startServer('sqlite');
    const agent = await server.user('Amal', 'agent', ['cairo']);
    await createLead(agent);
    const { cursor } = await agent.pullAll();
    const [epoch, position] = cursor.split('.');
    const fromElsewhere = await agent.request<ErrorResponse>('GET', `/v1/pull?cursor=${epoch === 'abcd' ? 'abce' : 'abcd'}.${position}`);
    expect(fromElsewhere.status).toBe(410);
    expect(fromElsewhere.body.error.code).toBe('resync_required');
    expect((await agent.request('GET', `/v1/pull?cursor=${epoch}.${Number(position) + 100}`)).status).toBe(410);
    const fine = await agent.request<PullResponse>('GET', `/v1/pull?cursor=${cursor}`);
    expect(fine.body).toMatchObject({ items: [], cursor, hasMore: false });
  });
});
