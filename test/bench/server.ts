/**
 * Sync server throughput over real HTTP: one client pushes lead creates in batches of
 * 1000 to a `serve` child process on a SQLite file, then pulls the whole feed paged,
 * through the app's own transport (gzip, the next page asked for while one downloads).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { newId } from '../../shared/ids';
import { PAYLOAD_VERSION, type JsonValue, type OutboxOp } from '../../shared/outbox';
import { normalizePhone } from '../../shared/phone';
import type { PushResponse } from '../../shared/protocol';
import { feedPages } from '../../main/sync/feed-pages';
import { httpTransport } from '../../main/sync/transport';
import { openStore } from '../../server/db/open-store';
import { addUser } from '../../server/users';
import type { BenchOptions } from './local-store';
import { generateLeads } from '../../main/dev/sample-leads';
import { round } from './stats';

const BATCH = 1000;
const PULL_PAGE = 5000;
const root = path.resolve(import.meta.dirname, '../..');

function createOps(count: number, seed: number): OutboxOp[] {
  return generateLeads(count, seed).map((draft, i) => {
    const id = newId();
    const values: Record<string, JsonValue> = {
      name: draft.name,
      phones: draft.phones.map((p) => normalizePhone(p)) as unknown as JsonValue,
      email: draft.email,
      source: draft.source,
      stage: draft.stage,
      outcome: draft.outcome ?? null,
      lostReason: draft.lostReason,
      budgetMin: draft.budgetMin ?? null,
      budgetMax: draft.budgetMax ?? null,
      propertyType: draft.propertyType,
      propertyArea: draft.propertyArea,
      ownerId: null,
      branchId: null,
      notes: draft.notes,
    };
    return {
      seq: i + 1,
      opId: newId(),
      entity: 'lead',
      entityId: id,
      leadId: id,
      type: 'create',
      values,
      changes: null,
      baseVersion: null,
      payloadVersion: PAYLOAD_VERSION,
      createdAt: new Date().toISOString(),
    };
  });
}

export async function serve(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'main/cli/launch.mjs'), 'server/cli.ts', 'serve', '--db', db, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { listening: string }).listening);
    });
    void exited.then(() => reject(new Error('bench server exited before listening')));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One keep-alive HTTP client, as a syncing app holds one connection. node:http rather
 * than fetch: fetch's stream plumbing cost the client more than the server's work.
 */
function httpClient(base: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);
  return {
    request: (method: string, route: string, body?: Buffer) =>
      new Promise<{ status: number; json: unknown }>((resolve, reject) => {
        const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
        if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': body.length });
        const req = http.request({ agent, host: url.hostname, port: url.port, method, path: route, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

export async function serverRun({ quick }: BenchOptions, run: number): Promise<Record<string, number>> {
  const count = quick ? 5_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-server-'));
  const db = path.join(dir, 'server.db');
  const setup = await openStore({ sqliteFile: db });
  const { token } = await addUser(setup, { name: 'Bench', role: 'manager', branches: ['cairo'] }, () => new Date());
  await setup.close();
  const server = await serve(db);
  const client = httpClient(server.url, token);
  try {
    // The client's own work (building and encoding ops) is not the server's throughput.
    const ops = createOps(count, 7_000 * (run + 1));
    // Encoded to bytes once, as the app's transport does.
    const bodies: Buffer[] = [];
    for (let i = 0; i < ops.length; i += BATCH) {
      bodies.push(Buffer.from(JSON.stringify({ clientId: 'bench-client', payloadVersion: PAYLOAD_VERSION, ops: ops.slice(i, i + BATCH) })));
    }

    let started = process.hrtime.bigint();
    for (const body of bodies) {
      const res = await client.request('POST', '/v1/push', body);
      const reply = res.json as PushResponse;
      if (res.status !== 200 || reply.results.some((r) => r.status !== 'applied')) throw new Error(`bench push failed: ${res.status}`);
    }
    const pushSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // Pulled as the app pulls: its transport, each page asked for as soon as it is named.
    started = process.hrtime.bigint();
    let rows = 0;
    for await (const page of feedPages(httpTransport({ serverUrl: server.url, token }), null, PULL_PAGE)) rows += page.items.length;
    const pullSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Each create yields one feed row: the lead (its creation is the lead's createdAt).
    if (rows !== count) throw new Error(`bench pull saw ${rows} rows, expected ${count}`);

    return {
      server_push_ops_per_s: round(count / pushSeconds, 0),
      server_pull_rows_per_s: round(rows / pullSeconds, 0),
    };
  } finally {
    client.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
