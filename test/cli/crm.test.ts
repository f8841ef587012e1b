import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../main/core';
import { crm } from '../support/cli';
import { folderFingerprint as snapshot, tempDir } from '../support/temp';

describe('crm CLI', () => {
  it('creates the data folder and prints a bare lead object with --json anywhere', () => {
    const dataDir = path.join(tempDir(), 'fresh', 'folder');
    const added = crm(dataDir, 'lead', 'add', '--json', '--name', 'Samir Adel', '--phone', '01012345678', '--phone', '+20 11 2222 3333', '--email', 'Samir@Example.com', '--notes', 'cash buyer', '--source', 'referral');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const lead = added.json() as Record<string, unknown>;
    expect(lead).toMatchObject({
      name: 'Samir Adel',
      email: 'samir@example.com',
      stage: 'new',
      notes: 'cash buyer',
      source: 'referral',
      phones: [
        { raw: '01012345678', e164: '+201012345678' },
        { raw: '+20 11 2222 3333', e164: '+201122223333' },
      ],
    });
    expect(fs.existsSync(dataDir)).toBe(true);
    const got = crm(dataDir, '--json', 'lead', 'get', lead.id as string);
    expect(got.json()).toEqual(lead);
  });

  it('walks a lead through update, move, call, delete and restore, and shows the queue and status', () => {
    const dataDir = tempDir();
    const id = (crm(dataDir, '--json', 'lead', 'add', '--name', 'Laila', '--phone', '01099990000').json() as { id: string }).id;
    expect(crm(dataDir, '--json', 'lead', 'update', id, '--notes', 'wants sea view', '--phone', '01288887777').json()).toMatchObject({
      notes: 'wants sea view',
      phones: [{ e164: '+201288887777' }],
    });
    expect(crm(dataDir, '--json', 'lead', 'move', id, 'closed', '--outcome', 'lost', '--reason', 'price').json()).toMatchObject({
      stage: 'closed',
      outcome: 'lost',
      lostReason: 'price',
    });
    expect(crm(dataDir, '--json', 'call', 'log', id, '--outcome', 'answered', '--duration', '120', '--note', 'call back').json()).toMatchObject({
      leadId: id,
      durationSeconds: 120,
    });
    expect(crm(dataDir, '--json', 'lead', 'delete', id).json()).toMatchObject({ deleted: true });
    expect(crm(dataDir, '--json', 'lead', 'list').json()).toEqual([]);
    expect(crm(dataDir, '--json', 'lead', 'restore', id).json()).toMatchObject({ deleted: false });
    const queue = crm(dataDir, 'queue', '--json').json() as { type: string; entity: string }[];
    expect(queue.map((op) => `${op.type} ${op.entity}`)).toEqual([
      'create lead', 'update lead', 'create call_log', 'delete lead', 'restore lead',
    ]);
    // Never signed in: the work waits, and the status says why.
    expect(crm(dataDir, 'status', '--json').json()).toMatchObject({ leads: 1, pendingOps: 5, parkedOps: 0, state: 'signed-out', lastSuccessAt: null });
    expect(crm(dataDir, 'status').stdout).toBe('leads: 1\npending ops: 5\nsync: signed-out\n');
  });

  it('lists with stage, search and limit filters, paging past 1,000 rows', () => {
    const dataDir = tempDir();
    const core = openCore({ dataDir });
    core.leads.createMany(
      Array.from({ length: 1500 }, (_, i) => ({ name: i % 2 ? `Odd ${i}` : `Even ${i}`, phones: [`010${String(20_000_000 + i)}`], notes: '', stage: i % 3 ? 'new' : 'viewing', email: null }) as never),
    );
    core.close();
    expect((crm(dataDir, '--json', 'lead', 'list', '--limit', '1200').json() as unknown[]).length).toBe(1200);
    expect((crm(dataDir, '--json', 'lead', 'list', '--limit', '1000000').json() as unknown[]).length).toBe(1500);
    expect((crm(dataDir, '--json', 'lead', 'list', '--stage', 'viewing', '--limit', '5000').json() as unknown[]).length).toBe(500);
    const found = crm(dataDir, '--json', 'lead', 'list', '--search', 'odd 1301').json() as { name: string }[];
    expect(found.map((l) => l.name)).toEqual(['Odd 1301']);
    const bySuffix = crm(dataDir, '--json', 'lead', 'list', '--search', '1499').json() as { name: string }[];
    expect(bySuffix.map((l) => l.name)).toEqual(['Odd 1499']);
    const human = crm(dataDir, 'lead', 'list', '--limit', '2').stdout.trim().split('\n');
    expect(human).toHaveLength(2);
  });

  it('refuses bad input with one clear line, a non-zero exit and nothing changed', () => {
    const dataDir = tempDir();
    const id = (crm(dataDir, '--json', 'lead', 'add', '--name', 'Laila', '--phone', '01099990000').json() as { id: string }).id;
    const before = snapshot(dataDir);
    const cases: [string[], RegExp][] = [
      [['lead', 'add', '--phone', '0101'], /needs --name/],
      [['lead', 'add', '--name', 'X'], /a lead needs a phone or an email/],
      [['lead', 'add', '--name', 'X', '--phone', '010', '--stage', 'won'], /stage: must be one of/],
      [['lead', 'add', '--name', 'X', '--phone', '010', '--email', 'nope'], /email: is not an email address/],
      [['lead', 'add', '--name', 'X', '--phone', '010', '--colour', 'red'], /Unknown option '--colour'/],
      [['lead', 'get', 'abc'], /id: must be a record id/],
      [['lead', 'get', '01a21423-6548-723a-8578-a4031f28be9b'], /No lead with id/],
      [['lead', 'get'], /expected ID/],
      [['lead', 'update', id], /nothing to change/],
      [['lead', 'move', id, 'closed'], /closing a lead needs an outcome/],
      [['lead', 'move', id, 'closed', '--outcome', 'lost'], /a lost lead needs a reason/],
      [['lead', 'move', id, 'sold'], /stage: must be one of/],
      [['lead', 'list', '--limit', '-5'], /--limit/],
      [['lead', 'list', '--limit', 'many'], /--limit must be a whole number/],
      [['lead', 'list', '--limit', '1000001'], /--limit must be a whole number/],
      [['call', 'log', id, '--outcome', 'answered', '--duration', '1.5'], /--duration must be a whole number/],
      [['call', 'log', id, '--outcome', 'maybe', '--duration', '5'], /outcome: must be one of/],
      [['call', 'log', id, '--duration', '5'], /needs --outcome/],
      [['lead', 'delete', 'not-an-id'], /id: must be a record id/],
      [['lead', 'restore', '01a21423-6548-723a-8578-a4031f28be9b'], /No lead with id/],
      [['lead', 'restore'], /expected ID/],
      [['note', 'add', id], /a note cannot be empty/],
      [['queue', 'extra'], /expected no arguments/],
      [['status', '--verbose'], /Unknown option '--verbose'/],
      [['lead', 'explode'], /unknown command "lead explode"/],
      [[], /no command given/],
    ];
    for (const [args, message] of cases) {
      const run = crm(dataDir, ...args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(snapshot(dataDir)).toBe(before);
  });

  it('says --data is required', () => {
    const run = crm('', 'status');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--data needs a folder/);
  });
});
