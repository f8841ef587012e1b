import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openClientDatabase } from '../../main/db/open-database';
import { MIGRATIONS } from '../../main/db/migrations';
import type { Migration } from '../../main/db/migrations/migration';
import { openCore } from '../../main/core';
import { tempDir } from '../support/temp';

const tables = (file: string) => {
  const store = openClientDatabase(file);
  const names = (store.connection.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  store.connection.close();
  return names;
};

describe('database upgrades', () => {
  it('an empty folder gets the whole schema, in WAL mode with foreign keys on', () => {
    const file = path.join(tempDir(), 'nested', 'fieldline.db');
    const store = openClientDatabase(file);
    expect(store.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = store.all(store.q.selectFrom('schema_migrations').select('version'));
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    store.connection.close();
    expect(tables(file)).toEqual(
      expect.arrayContaining(['leads', 'call_logs', 'lead_notes', 'tasks', 'lead_events', 'outbox', 'sync_state', 'conflicts', 'leads_fts']),
    );
  });

  it('re-opening keeps the data and runs nothing twice', () => {
    const dataDir = tempDir();
    const first = openCore({ dataDir });
    const lead = first.leads.create({ name: 'Omar Khaled', phones: ['01112223334'], notes: '', stage: 'new' } as never);
    const clientId = first.syncState().client_id;
    first.close();
    const again = openCore({ dataDir });
    expect(again.leads.get(lead.id).name).toBe('Omar Khaled');
    expect(again.syncState().client_id).toBe(clientId);
    expect(again.store.all(again.store.q.selectFrom('schema_migrations').selectAll())).toHaveLength(MIGRATIONS.length);
    again.close();
  });

  it('a database made with the 4 KB pages of earlier versions opens as it is, leads and search intact, checkpointed at the same WAL size', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'fieldline.db');
    // What an earlier Fieldline wrote: the same schema on SQLite's default page size.
    const earlier = new Database(file);
    earlier.pragma('page_size = 4096');
    earlier.pragma('journal_mode = WAL');
    earlier.close();
    const first = openCore({ dataDir });
    expect(first.store.connection.pragma('page_size', { simple: true })).toBe(4096);
    const lead = first.leads.create({ name: 'Omar Khaled', phones: ['01112223334'], notes: '', stage: 'new' } as never);
    first.close();
    const again = openCore({ dataDir });
    expect(again.store.connection.pragma('page_size', { simple: true })).toBe(4096);
    // The inline checkpoint still comes at 40 MB of WAL, whatever the page size.
    expect(again.store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(10_240);
    expect(again.leads.list({ search: 'oma', sort: 'updated', limit: 5 }).items.map((l) => l.id)).toEqual([lead.id]);
    again.close();
    // A new file gets the larger pages bulk loads are faster with.
    const fresh = openCore({ dataDir: tempDir() });
    expect(fresh.store.connection.pragma('page_size', { simple: true })).toBe(8192);
    expect(fresh.store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(5_120);
    fresh.close();
  });

  it('upgrading to conflicts kept per rule keeps every logged conflict, restored or not', () => {
    const file = path.join(tempDir(), 'fieldline.db');
    const before = openClientDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const insert = before.connection.prepare(
      `INSERT INTO conflicts (op_id, lead_id, field, my_value, kept_value, rule, kept_by, at, restored_at, entity, entity_id) VALUES (?, 'lead-1', ?, '"mine"', '"theirs"', ?, 'u2', '2026-01-01T00:00:00.000Z', ?, 'lead', 'lead-1')`,
    );
    insert.run('op-1', 'email', 'later_arrival_wins', null);
    insert.run('op-2', 'notes', 'notes_later_wins', '2026-01-02T00:00:00.000Z');
    const logged = before.connection.prepare('SELECT * FROM conflicts ORDER BY id').all();
    before.connection.close();
    const after = openClientDatabase(file);
    expect(after.connection.prepare('SELECT * FROM conflicts ORDER BY id').all()).toEqual(logged);
    // One op and field may now hold one loss per rule, still only once each.
    const add = after.connection.prepare(
      `INSERT OR IGNORE INTO conflicts (op_id, lead_id, field, my_value, kept_value, rule, at) VALUES ('op-1', 'lead-1', 'email', '"a2"', '"x"', ?, '2026-01-03T00:00:00.000Z')`,
    );
    expect(add.run('merged_away').changes).toBe(1);
    expect(add.run('merged_away').changes).toBe(0);
    after.connection.close();
  });

  it('a migration that fails leaves the previous database exactly as it was', () => {
    const dataDir = tempDir();
    const core = openCore({ dataDir });
    const lead = core.leads.create({ name: 'Omar Khaled', phones: ['01112223334'], notes: 'keep me', stage: 'new' } as never);
    core.close();
    const file = path.join(dataDir, 'fieldline.db');
    const broken: Migration = {
      version: 999,
      name: 'add a column, then fail',
      up({ exec }) {
        exec(`ALTER TABLE leads ADD COLUMN rating INTEGER`);
        exec(`CREATE TABLE half_done (x)`);
        exec(`UPDATE leads SET notes = 'overwritten'`);
        throw new Error('the disk is full');
      },
      down() {},
    };
    expect(() => openClientDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow(
      /upgrade failed at step 999.*the disk is full.*unchanged/,
    );
    expect(tables(file)).not.toContain('half_done');
    const reopened = openCore({ dataDir });
    expect(reopened.leads.get(lead.id).notes).toBe('keep me');
    const columns = reopened.store.connection.prepare(`PRAGMA table_info(leads)`).all() as { name: string }[];
    expect(columns.map((c) => c.name)).not.toContain('rating');
    reopened.close();
  });

  it('the merge upgrade keeps every queued op and never reuses a sequence number', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'fieldline.db');
    const beforeMerge = MIGRATIONS.filter((m) => m.version < 7);
    const old = openClientDatabase(file, { migrations: beforeMerge });
    const insert = old.connection.prepare(
      `INSERT INTO outbox (op_id, entity, entity_id, lead_id, type, payload, base_version, payload_version, created_at, parked_at, parked_code)
       VALUES (?, 'lead', 'l1', 'l1', 'update', '{}', 3, 1, '2026-11-01T00:00:00.000Z', ?, ?)`,
    );
    insert.run('op-1', null, null);
    insert.run('op-2', '2026-11-02T00:00:00.000Z', 'not_allowed');
    insert.run('op-3', null, null);
    old.connection.prepare(`DELETE FROM outbox WHERE op_id = 'op-3'`).run();
    const rowsBefore = old.connection.prepare(`SELECT * FROM outbox ORDER BY seq`).all();
    old.connection.close();

    const store = openClientDatabase(file);
    expect(store.connection.prepare(`SELECT * FROM outbox ORDER BY seq`).all()).toEqual(rowsBefore);
    // op-3 had seq 3 and left: the next op gets 4, not 3 again.
    store.connection
      .prepare(`INSERT INTO outbox (op_id, entity, entity_id, lead_id, type, payload, payload_version, created_at) VALUES ('op-4', 'lead', 'l1', 'l1', 'merge', '{}', 2, 'now')`)
      .run();
    expect(store.connection.prepare(`SELECT seq FROM outbox WHERE op_id = 'op-4'`).get()).toEqual({ seq: 4 });
    const indexes = store.connection.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name`).all();
    expect(indexes.map((i) => (i as { name: string }).name)).toEqual(expect.arrayContaining(['outbox_by_lead', 'outbox_parked_leads']));
    store.connection.close();
  });

  it('data written by a newer Fieldline is refused, not touched', () => {
    const dataDir = tempDir();
    const future: Migration = { version: 50, name: 'future', up() {}, down() {} };
    const file = path.join(dataDir, 'fieldline.db');
    openClientDatabase(file, { migrations: [...MIGRATIONS, future] }).connection.close();
    const bytes = fs.readFileSync(file);
    expect(() => openClientDatabase(file)).toThrow(/newer Fieldline/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
