/** When the database is momentarily unavailable, a push is refused whole with 503 + Retry-After, and the same push succeeds later. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_VERSION } from '../../shared/outbox';
import type { ErrorResponse, PushResponse } from '../../shared/protocol';
import { ops, startServerOn, tempDir } from './support';

describe('transient failure', () => {
  it('a locked database gives 503 with Retry-After, stores nothing, and the retry applies everything once', async () => {
    const file = path.join(tempDir(), 'server.db');
    const server = await startServerOn({ sqliteFile: file });
    const agent = await server.user('Amal', 'agent', ['cairo']);
    const batch = [ops.createLead(), ops.createLead()];
    const before = await server.fingerprint();

    // Another process holds the write lock longer than the server waits for it.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const body = { clientId: agent.clientId, payloadVersion: PAYLOAD_VERSION, ops: batch };
    const refused = await agent.request<ErrorResponse>('POST', '/v1/push', body);
    other.exec('ROLLBACK');
    other.close();

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error.code).toBe('busy');
    expect(await server.fingerprint()).toBe(before);

    const retried = await agent.request<PushResponse>('POST', '/v1/push', body);
    expect(retried.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await agent.visibleLeads()).size).toBe(2);
  }, 20_000);
});
