/** The `server` command as an operator uses it: users, serve, and a clean SIGTERM. */
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PushResponse } from '../../shared/protocol';
import { Api, ops, tempDir } from './support';
import { serveProcess, serverCli } from './server-process';

describe('server CLI', () => {
  it('adds, lists and revokes users; tokens work until revoked and are stored hashed', async () => {
    const db = path.join(tempDir(), 'server.db');
    const added = serverCli('user', 'add', '--db', db, '--name', 'Amal', '--branch', 'cairo', '--role', 'agent');
    expect(added.status).toBe(0);
    const { id, token } = JSON.parse(added.stdout) as { id: string; token: string };
    const manager = serverCli('user', 'add', '--db', db, '--name', 'Mariam', '--branch', 'cairo', '--branch', 'giza', '--role', 'manager');
    expect(manager.status).toBe(0);

    const listed = serverCli('user', 'list', '--db', db).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(listed).toEqual([
      { id, name: 'Amal', role: 'agent', branches: ['cairo'], revoked: false },
      expect.objectContaining({ name: 'Mariam', role: 'manager', branches: ['cairo', 'giza'] }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const server = await serveProcess('--db', db);
    const api = new Api(server.url, token, id);
    expect((await api.request('GET', '/v1/me')).status).toBe(200);
    expect(serverCli('user', 'revoke', '--db', db, id).status).toBe(0);
    expect((await api.request('GET', '/v1/me')).status).toBe(401);
  });

  it('rejects badly typed commands with one clear line and a non-zero exit', () => {
    const db = path.join(tempDir(), 'server.db');
    const cases = [
      ['user', 'add', '--db', db, '--name', 'X', '--branch', 'a', '--branch', 'b', '--role', 'agent'],
      ['user', 'add', '--db', db, '--name', 'X', '--branch', 'a', '--role', 'boss'],
      ['user', 'add', '--name', 'X', '--branch', 'a', '--role', 'agent'],
      ['serve', '--db', db, '--port', 'eighty'],
      ['serve', '--db', db, '--colour'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const run = serverCli(...args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
    expect(serverCli('user', 'revoke', '--db', db, 'nobody').status).toBe(1);
  });

  it('serve prints one JSON line; SIGTERM lets an in-flight push finish, then exits 0', async () => {
    const db = path.join(tempDir(), 'server.db');
    const { id, token } = JSON.parse(serverCli('user', 'add', '--db', db, '--name', 'Amal', '--branch', 'cairo', '--role', 'agent').stdout) as {
      id: string;
      token: string;
    };
    const server = await serveProcess('--db', db);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Headers and half the body go out, then SIGTERM, then the rest: the request is
    // certainly in flight when shutdown starts.
    const batch = Array.from({ length: 3000 }, () => ops.createLead());
    const body = JSON.stringify({ clientId: 'cli-test', payloadVersion: 1, ops: batch });
    const url = new URL(server.url);
    const reply = new Promise<{ status: number; body: PushResponse }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/v1/push',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as PushResponse }));
        },
      );
      req.on('error', reject);
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 100);
      }, 100);
    });
    const { status, body: pushed } = await reply;
    expect(status).toBe(200);
    expect(pushed.results.every((r) => r.status === 'applied')).toBe(true);
    expect(await server.exited).toBe(0);

    // Everything it answered for is stored.
    const again = await serveProcess('--db', db);
    const reopened = new Api(again.url, token, id);
    expect((await reopened.visibleLeads()).size).toBe(3000);
  });
});
