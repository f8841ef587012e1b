import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm, crmAsync } from '../support/cli';
import { tempDir } from '../support/temp';
import { startServer } from '../server/support';

describe('crm sync and its review commands', () => {
  it('syncs, remembers the server and keeps the token only in a file readable by its user', async () => {
    const server = await startServer('sqlite');
    const api = await server.user('Agent', 'agent', ['cairo']);
    const dataDir = tempDir();
    const id = ((await crmAsync(dataDir, '--json', 'lead', 'add', '--name', 'Via CLI', '--phone', '01012345678')).json() as { id: string }).id;
    const first = await crmAsync(dataDir, '--json', 'sync', '--server', server.url, '--token', api.token);
    expect(first.stderr).toBe('');
    expect(first.json()).toEqual({ pushed: 1, pulled: 1, merged: 0, parked: 0, remaining: 0 });
    const tokenFile = path.join(dataDir, 'sync-token');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dataDir, 'fieldline.db')).includes(api.token)).toBe(false);
    // Later runs need neither.
    expect((await crmAsync(dataDir, '--json', 'sync')).json()).toMatchObject({ pushed: 0, remaining: 0 });
    expect((await crmAsync(dataDir, '--json', 'status')).json()).toMatchObject({ state: 'online', pendingOps: 0, serverUrl: server.url });
    expect((await crmAsync(dataDir, '--json', 'conflicts')).json()).toEqual([]);

    // An agent may not reassign: the change is parked with the server's reason, then discarded.
    await crmAsync(dataDir, 'lead', 'assign', id, '--owner', 'someone-else');
    expect((await crmAsync(dataDir, '--json', 'sync')).json()).toMatchObject({ parked: 1, remaining: 1 });
    const parked = (await crmAsync(dataDir, '--json', 'parked')).json() as { opId: string; code: string; reason: string }[];
    expect(parked).toHaveLength(1);
    expect(parked[0]!.code).toBe('not_allowed');
    expect((await crmAsync(dataDir, 'status')).stdout).toMatch(/pending ops: 1 \(1 parked\)/);
    expect((await crmAsync(dataDir, 'parked', 'discard', parked[0]!.opId)).status).toBe(0);
    expect((await crmAsync(dataDir, '--json', 'lead', 'get', id)).json()).toMatchObject({ ownerId: api.userId });
    expect((await crmAsync(dataDir, '--json', 'parked')).json()).toEqual([]);
  });

  it('refuses bad sync input with one clear line and changes nothing', async () => {
    const dataDir = tempDir();
    crm(dataDir, 'lead', 'add', '--name', 'X', '--phone', '01000000000');
    const cases: [string[], RegExp][] = [
      [['sync'], /needs --server URL/],
      [['sync', '--server', 'ftp://example'], /http:\/\/ or https:\/\//],
      [['sync', '--server', 'http://127.0.0.1:9'], /needs --token/],
      [['sync', '--server', 'http://127.0.0.1:9', '--token', 't'], /sync failed: Cannot reach the server/],
      [['parked', 'discard', 'not-an-id'], /opId: must be a record id/],
      [['parked', 'retry', '01a21423-6548-723a-8578-a4031f28be9b'], /No parked change/],
      [['conflicts', 'restore', 'abc'], /ID must be a whole number/],
      [['conflicts', 'restore', '7'], /No conflict with id 7/],
      [['lead', 'assign', '01a21423-6548-723a-8578-a4031f28be9b'], /needs --owner/],
    ];
    for (const [args, message] of cases) {
      const run = crm(dataDir, ...args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(crm(dataDir, '--json', 'status').json()).toMatchObject({ pendingOps: 1, serverUrl: null });
    expect(fs.existsSync(path.join(dataDir, 'sync-token'))).toBe(false);
  });
});
