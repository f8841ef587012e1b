/**
 * Test harness for the sync server: real stores (a SQLite file in a temp folder, or a
 * fresh PostgreSQL schema when FIELDLINE_TEST_PG_URL is set), a real HTTP server on
 * 127.0.0.1 with an OS-picked port, and op builders shaped like the client's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { newId } from '../../shared/ids';
import { LEAD_SYNCED_FIELDS } from '../../shared/model';
import { PAYLOAD_VERSION, type FieldChange, type JsonValue, type OutboxOp } from '../../shared/outbox';
import type { FeedItem, PullResponse, PushResponse, PushResult, Role, ServerLead } from '../../shared/protocol';
import { openStore, type ServerStore, type StoreLocation } from '../../server/db/open-store';
import { buildApp } from '../../server/http/app';
import { addUser } from '../../server/users';

export const PG_URL = process.env.FIELDLINE_TEST_PG_URL;
export type StoreKind = 'sqlite' | 'postgres';
/** SQLite always; PostgreSQL too when the environment names a database. */
export const STORE_KINDS: StoreKind[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-server-test-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh PostgreSQL schema, dropped after the test; returns a URL whose search_path points at it. */
export async function tempPgSchema(): Promise<string> {
  const schema = `fieldline_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
    await c.end();
  });
  const url = new URL(PG_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function storeLocation(kind: StoreKind): Promise<StoreLocation> {
  return kind === 'sqlite' ? { sqliteFile: path.join(tempDir(), 'server.db') } : { postgresUrl: await tempPgSchema() };
}

export async function tempStore(kind: StoreKind): Promise<ServerStore> {
  const store = await openStore(await storeLocation(kind));
  cleanups.push(() => store.close());
  return store;
}

export interface TestServer {
  url: string;
  store: ServerStore;
  user(name: string, role: Role, branches: string[]): Promise<Api>;
  /** Every row of every table: equal fingerprints mean nothing was written. */
  fingerprint(): Promise<string>;
  /** Stops it now (it is stopped after the test anyway); safe to call twice. */
  close(): Promise<void>;
}

/** A server on a fresh store, listening on 127.0.0.1:0, closed after the test. */
export async function startServer(kind: StoreKind, now?: () => Date): Promise<TestServer> {
  return startServerOn(await storeLocation(kind), now);
}

export async function startServerOn(location: StoreLocation, now?: () => Date): Promise<TestServer> {
  const store = await openStore(location);
  const app = await buildApp({ store, ...(now ? { now } : {}) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      await app.close();
      await store.close();
    })());
  cleanups.push(close);
  return {
    url,
    close,
    store,
    user: async (name, role, branches) => {
      const { id, token } = await addUser(store, { name, role, branches }, () => new Date());
      return new Api(url, token, id);
    },
    fingerprint: async () => {
      const tables = ['users', 'clients', 'leads', 'call_logs', 'lead_notes', 'tasks', 'lead_events', 'applied_ops', 'conflicts', 'changes'] as const;
      const parts: string[] = [];
      for (const table of tables) parts.push(`${table}:${JSON.stringify(await store.db.selectFrom(table).selectAll().execute())}`);
      return parts.join('\n');
    },
  };
}

export interface HttpReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One signed-in user talking to the server over HTTP, as a client would. */
export class Api {
  readonly clientId = newId();

  constructor(
    readonly url: string,
    readonly token: string,
    readonly userId: string,
  ) {}

  async request<T = unknown>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply<T>> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(this.url + route, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the assertion message
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async push(ops: OutboxOp[], clientId = this.clientId): Promise<PushResult[]> {
    const reply = await this.request<PushResponse>('POST', '/v1/push', { clientId, payloadVersion: PAYLOAD_VERSION, ops });
    if (reply.status !== 200) throw new Error(`push failed ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.results;
  }

  /** The whole feed after `cursor`, following pages. */
  async pullAll(cursor?: string, limit = 500): Promise<{ items: FeedItem[]; cursor: string }> {
    const items: FeedItem[] = [];
    let at = cursor;
    for (;;) {
      const query = `?limit=${limit}${at ? `&cursor=${encodeURIComponent(at)}` : ''}`;
      const reply = await this.request<PullResponse>('GET', `/v1/pull${query}`);
      if (reply.status !== 200) throw new Error(`pull failed ${reply.status}: ${JSON.stringify(reply.body)}`);
      items.push(...reply.body.items);
      at = reply.body.cursor;
      if (!reply.body.hasMore) return { items, cursor: at };
    }
  }

  /** Leads as this user's feed shows them now (last state wins; removals drop). */
  async visibleLeads(): Promise<Map<string, ServerLead>> {
    const leads = new Map<string, ServerLead>();
    for (const item of (await this.pullAll()).items) {
      if (item.kind === 'lead') leads.set(item.lead.id, item.lead);
      if (item.kind === 'lead_removed') leads.delete(item.leadId);
    }
    return leads;
  }
}

// ---------------------------------------------------------------- op builders (shaped like main/repositories)

let seq = 0;
function op(partial: Pick<OutboxOp, 'entity' | 'entityId' | 'leadId' | 'type'> & Partial<OutboxOp>): OutboxOp {
  return {
    seq: ++seq,
    opId: newId(),
    values: null,
    changes: null,
    baseVersion: null,
    payloadVersion: PAYLOAD_VERSION,
    createdAt: new Date().toISOString(),
    ...partial,
  };
}

export function leadValues(overrides: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {
    name: 'Mona Hassan',
    phones: [{ raw: '01012345678', e164: '+201012345678' }],
    email: null,
    source: 'walk-in',
    stage: 'new',
    outcome: null,
    lostReason: null,
    budgetMin: 1_000_000,
    budgetMax: 2_000_000,
    propertyType: 'apartment',
    propertyArea: 'Maadi',
    ownerId: null,
    branchId: null,
    notes: '',
  };
  for (const field of LEAD_SYNCED_FIELDS) if (field in overrides) values[field] = overrides[field]!;
  return values;
}

export const ops = {
  createLead: (overrides: Record<string, JsonValue> = {}, id = newId()) =>
    op({ entity: 'lead', entityId: id, leadId: id, type: 'create', values: leadValues(overrides) }),
  updateLead: (leadId: string, changes: Record<string, FieldChange>, baseVersion: number | null) =>
    op({ entity: 'lead', entityId: leadId, leadId, type: 'update', changes, baseVersion }),
  deleteLead: (leadId: string, baseVersion: number | null) => op({ entity: 'lead', entityId: leadId, leadId, type: 'delete', baseVersion }),
  restoreLead: (leadId: string, baseVersion: number | null) => op({ entity: 'lead', entityId: leadId, leadId, type: 'restore', baseVersion }),
  logCall: (leadId: string, id = newId()) =>
    op({
      entity: 'call_log',
      entityId: id,
      leadId,
      type: 'create',
      values: { leadId, outcome: 'answered', durationSeconds: 95, note: 'asked about Maadi', occurredAt: '2026-03-01T09:00:00.000Z' },
    }),
  addNote: (leadId: string, body = 'prefers a high floor', id = newId()) =>
    op({ entity: 'lead_note', entityId: id, leadId, type: 'create', values: { leadId, body, occurredAt: '2026-03-01T09:05:00.000Z' } }),
  createTask: (leadId: string, id = newId()) =>
    op({ entity: 'task', entityId: id, leadId, type: 'create', values: { leadId, title: 'Call back', dueAt: '2026-03-02T09:00:00.000Z', doneAt: null } }),
  mergeLeads: (survivorId: string, mergedId: string, changes: Record<string, FieldChange> | null, bases: { survivor: number | null; merged: number | null }) =>
    op({
      entity: 'lead',
      entityId: survivorId,
      leadId: survivorId,
      type: 'merge',
      values: { mergedId, mergedBaseVersion: bases.merged },
      changes,
      baseVersion: bases.survivor,
    }),
  updateTask: (leadId: string, taskId: string, changes: Record<string, FieldChange>) =>
    op({ entity: 'task', entityId: taskId, leadId, type: 'update', changes }),
};

/** Creates a lead through `api` and returns its id and version. */
export async function createLead(api: Api, overrides: Record<string, JsonValue> = {}): Promise<{ id: string; version: number }> {
  const create = ops.createLead(overrides);
  const [result] = await api.push([create]);
  if (result?.status !== 'applied') throw new Error(`create failed: ${JSON.stringify(result)}`);
  return { id: create.entityId, version: result.version };
}

/** The lead as `api` sees it in its feed. */
export async function leadOf(api: Api, id: string): Promise<ServerLead | undefined> {
  return (await api.visibleLeads()).get(id);
}

export function conflictsIn(items: FeedItem[]) {
  return items.flatMap((item) => (item.kind === 'conflict' ? [item.conflict] : []));
}
