import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { detectEncoding } from '../../main/import/encoding';
import { exportCsv } from '../../main/import/export-csv';
import { importCsv } from '../../main/import/import-csv';
import { undoImport } from '../../main/import/undo-import';
import { escapeCell, unescapeCell } from '../../shared/csv-cells';
import type { Lead } from '../../shared/model';
import { tempCore, tempDir } from '../support/temp';

function writeFile(bytes: Buffer | string, name = 'leads.csv'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** What a user sees of every lead (live and deleted), oldest first. */
function visibleLeads(core: Core) {
  const page = core.leads.list({ sort: 'created', direction: 'asc', limit: 1000, includeDeleted: true });
  return page.items.map(visible);
}

function visible(lead: Lead) {
  const { updatedAt: _u, serverVersion: _s, stageEnteredAt: _e, ...rest } = lead;
  return rest;
}

function allLeads(core: Core): Lead[] {
  return core.leads.list({ sort: 'created', direction: 'asc', limit: 1000 }).items;
}

const BOM = '\uFEFF';

describe('CSV import', () => {
  it('imports a UTF-8 file with a BOM, rejecting bad rows and skipping in-file duplicates, with a report of the rejects', async () => {
    const core = tempCore();
    const file = writeFile(
      BOM +
        [
          'Full Name,Mobile,E-mail,Notes',
          'Ahmed Hassan,01012345678,ahmed@example.com,wants a villa',
          ',01099999999,,no name here',
          'Mona Adel,,,no way to reach her',
          'Sara Nabil,+20 10 1234 5678,,same phone as Ahmed',
          'Karim Saleh,,AHMED@example.com,same email as Ahmed',
          'Omar Fathy,0111 222 3333,,',
          'Laila Kamal,01155556666,not-an-email,',
          '',
        ].join('\r\n'),
    );
    const result = await importCsv(core, { file });
    expect(result).toMatchObject({ imported: 2, updated: 0, skipped: 2, rejected: 3, flagged: 0, encoding: 'utf8' });
    expect(result.reportFile).toBe(path.join(path.dirname(file), 'leads.rejected.csv'));
    expect(fs.readFileSync(result.reportFile!, 'utf8')).toBe(
      [
        'row,reason,Full Name,Mobile,E-mail,Notes',
        '3,no name,,01099999999,,no name here',
        '4,no phone or email,Mona Adel,,,no way to reach her',
        '8,email: is not an email address,Laila Kamal,01155556666,not-an-email,',
        '',
      ].join('\n'),
    );
    const leads = allLeads(core);
    expect(leads.map((l) => [l.name, l.phones.map((p) => p.e164), l.email, l.notes])).toEqual([
      ['Ahmed Hassan', ['+201012345678'], 'ahmed@example.com', 'wants a villa'],
      ['Omar Fathy', ['+201112223333'], null, ''],
    ]);
    // Every imported lead is a queued create, like any edit.
    const ops = core.outbox.list(100);
    expect(ops.filter((op) => op.type === 'create').map((op) => op.entityId).sort()).toEqual(leads.map((l) => l.id).sort());
  });

  it('into an empty database, loads without the leads\' indexes and ends with every one of them', async () => {
    const core = tempCore();
    const indexes = () =>
      (core.store.connection.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' ORDER BY name`).all() as { name: string }[]).map(
        (r) => r.name,
      );
    const before = indexes();
    let duringImport: string[] = [];
    const rows = Array.from({ length: 300 }, (_, i) => `Lead ${i},010${String(10_000_000 + i)},lead${i}@example.com`);
    const result = await importCsv(core, {
      file: writeFile(['Name,Phone,Email', ...rows].join('\n')),
      onProgress: () => (duringImport = indexes()),
    });
    expect(result).toMatchObject({ imported: 300, rejected: 0 });
    expect(duringImport).toEqual(['sqlite_autoindex_leads_1']);
    expect(indexes()).toEqual(before);
    expect(core.leads.list({ stage: 'new', sort: 'name', limit: 3 }).items.map((l) => l.name)).toEqual(['Lead 0', 'Lead 1', 'Lead 10']);

    // A second import finds leads there: the indexes stay.
    await importCsv(core, { file: writeFile('Name,Phone\nLate Lead,01199999999', 'late.csv'), onProgress: () => (duringImport = indexes()) });
    expect(duringImport).toEqual(before);
  });

  it('reads Arabic headers and names from a Windows-1256 file without being told the encoding', async () => {
    const core = tempCore();
    const text = ['الاسم,الموبايل,البريد,المصدر,ملاحظات', 'أحمد حسن,01012345678,,فيسبوك,شقة في المعادي', 'منى عادل,01122233334,mona@example.com,,'].join('\r\n');
    const file = writeFile(iconv.encode(text, 'windows-1256'));
    expect(await detectEncoding(file)).toBe('windows-1256');
    const result = await importCsv(core, { file });
    expect(result).toMatchObject({ imported: 2, rejected: 0, encoding: 'windows-1256' });
    expect(allLeads(core).map((l) => [l.name, l.phones[0]!.e164, l.source, l.notes])).toEqual([
      ['أحمد حسن', '+201012345678', 'فيسبوك', 'شقة في المعادي'],
      ['منى عادل', '+201122233334', null, ''],
    ]);
  });

  it('keeps reading a UTF-8 file as UTF-8 when one cell holds a stray byte, so the other Arabic names stay readable', async () => {
    const core = tempCore();
    const rows = Array.from({ length: 500 }, (_, i) => `محمد ${i},010${String(20_000_000 + i)}`);
    const file = writeFile(Buffer.concat([Buffer.from(`الاسم,الموبايل\n${rows.join('\n')}\nمنى,01122233334,`), Buffer.from([0xff]), Buffer.from('\n')]));
    expect(await detectEncoding(file)).toBe('utf8');
    expect(await importCsv(core, { file })).toMatchObject({ imported: 501, encoding: 'utf8' });
    expect(allLeads(core).slice(0, 2).map((l) => l.name)).toEqual(['محمد 0', 'محمد 1']);
  });

  it('reads UTF-16 LE and BE files by their BOM', async () => {
    const text = 'name,phone\nسارة نبيل,01012345678\n';
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const core = tempCore();
      const file = writeFile(Buffer.concat([encoding === 'utf16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff]), iconv.encode(text, encoding)]));
      const result = await importCsv(core, { file });
      expect(result).toMatchObject({ imported: 1, encoding });
      expect(allLeads(core)[0]!.name).toBe('سارة نبيل');
    }
  });

  it('reads the encoding it is told, over what the bytes suggest', async () => {
    const core = tempCore();
    const file = writeFile('name,phone\nعمر,01012345678\n');
    const result = await importCsv(core, { file, encoding: 'windows-1256' });
    expect(result).toMatchObject({ imported: 1, encoding: 'windows-1256' });
    expect(allLeads(core)[0]!.name).toBe(iconv.decode(Buffer.from('عمر'), 'windows-1256'));
  });

  it('handles a duplicate of an existing lead by the policy: skip, update or create', async () => {
    const file = writeFile('name,phone,email,source\nAhmed H.,+201012345678,,facebook\n');
    const existing = (core: Core) => core.leads.create({ name: 'Ahmed Hassan', phones: ['01012345678'], email: null, source: null, notes: 'first call', stage: 'new', lostReason: null, propertyType: null, propertyArea: null });

    const skipping = tempCore();
    const a = existing(skipping);
    expect(await importCsv(skipping, { file })).toMatchObject({ imported: 0, updated: 0, skipped: 1 });
    expect(visible(allLeads(skipping)[0]!)).toEqual(visible(a));

    const updating = tempCore();
    const b = existing(updating);
    const queuedBefore = updating.outbox.list(100).length;
    expect(await importCsv(updating, { file, onDuplicate: 'update' })).toMatchObject({ imported: 0, updated: 1, skipped: 0 });
    const updated = allLeads(updating);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ id: b.id, name: 'Ahmed H.', source: 'facebook', notes: 'first call' });
    // An update is an outbox op (folded into the still-unsent create).
    expect(updating.outbox.list(100).length).toBeGreaterThanOrEqual(queuedBefore);

    const creating = tempCore();
    existing(creating);
    expect(await importCsv(creating, { file, onDuplicate: 'create' })).toMatchObject({ imported: 1, updated: 0, skipped: 0 });
    expect(allLeads(creating)).toHaveLength(2);
  });

  it('flags a row whose name matches an existing lead but whose phone and email do not, and imports it', async () => {
    const core = tempCore();
    core.leads.create({ name: 'أحمد حسن', phones: ['01012345678'], email: null, source: null, notes: '', stage: 'new', lostReason: null, propertyType: null, propertyArea: null });
    const file = writeFile('name,phone\nاحمد  حسن,01199998888\nMona,01233334444\nmona,01544445555\n');
    expect(await importCsv(core, { file })).toMatchObject({ imported: 3, flagged: 2, skipped: 0 });
    expect(allLeads(core)).toHaveLength(4);
  });

  it('remembers the mapping given for a set of headers', async () => {
    const core = tempCore();
    const file = writeFile('Client,Number,Whatever\nAhmed,01012345678,x\n');
    expect(await importCsv(core, { file, map: { Number: 'phone' } })).toMatchObject({ imported: 1 });
    const again = writeFile('Client,Number,Whatever\nMona,01112345678,y\n', 'again.csv');
    expect(await importCsv(core, { file: again })).toMatchObject({ imported: 1 });
    expect(allLeads(core).map((l) => l.phones[0]!.e164)).toEqual(['+201012345678', '+201112345678']);
  });

  it('refuses a report that would overwrite the file being read, before reading a row', async () => {
    const core = tempCore();
    const rows = Array.from({ length: 3_000 }, (_, i) => (i % 3 ? `Lead ${i},010${String(10_000_000 + i)}` : `,`)).join('\n');
    const file = writeFile(`name,phone\n${rows}\n`);
    const original = fs.readFileSync(file);
    await expect(importCsv(core, { file, report: file })).rejects.toThrow(/is the file being imported/);
    await expect(importCsv(core, { file, report: path.join(path.dirname(file), '.', path.basename(file)) })).rejects.toThrow(/is the file being imported/);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(allLeads(core)).toHaveLength(0);
  });

  it('a report that cannot be written ends the import cleanly: the leads are in, logged and undoable', async () => {
    const core = tempCore();
    const file = writeFile('name,phone\nMona,01112345678\n,\nSara,01212345678\n');
    // Its folder exists, but no file system takes a name this long (ENAMETOOLONG).
    const report = path.join(tempDir(), `${'r'.repeat(300)}.csv`);
    await expect(importCsv(core, { file, report })).rejects.toThrow(/could not be written to .*the import itself finished as/);
    expect(allLeads(core).map((l) => l.name).sort()).toEqual(['Mona', 'Sara']);
    const [logged] = core.store.connection.prepare('SELECT finished_at FROM imports').all() as { finished_at: string | null }[];
    expect(logged?.finished_at).toBeTruthy();
  });

  it('refuses a file that is not valid CSV further down, before importing any of it', async () => {
    const core = tempCore();
    const rows = Array.from({ length: 2_000 }, (_, i) => `Lead ${i},010${String(30_000_000 + i)}`);
    const file = writeFile(`name,phone\n${rows.join('\n')}\n"Broken,01012345678\nMore,01112345678\n`);
    const before = core.store.connection.prepare('SELECT count(*) AS n FROM imports').get();
    await expect(importCsv(core, { file })).rejects.toThrow(/is not valid CSV \(.*\); nothing was imported/);
    expect(allLeads(core)).toHaveLength(0);
    expect(core.store.connection.prepare('SELECT count(*) AS n FROM imports').get()).toEqual(before);
    expect(core.outbox.pendingCount()).toBe(0);
  });

  it('refuses a file with no name column before writing anything', async () => {
    const core = tempCore();
    const file = writeFile('who,phone\nAhmed,01012345678\n');
    const before = core.store.connection.prepare('SELECT count(*) AS n FROM imports').get();
    await expect(importCsv(core, { file })).rejects.toThrow(/no column maps to the name/);
    expect(core.store.connection.prepare('SELECT count(*) AS n FROM imports').get()).toEqual(before);
    expect(allLeads(core)).toHaveLength(0);
  });
});

describe('undoing an import', () => {
  it('leaves the leads as they were before the import', async () => {
    const core = tempCore();
    core.leads.create({ name: 'Ahmed Hassan', phones: ['01012345678'], email: null, source: 'walk-in', notes: 'old note', stage: 'new', lostReason: null, propertyType: null, propertyArea: null });
    const before = visibleLeads(core);
    const file = writeFile('name,phone,notes\nAhmed Hassan,01012345678,new note\nMona Adel,01112345678,\nOmar,01212345678,\n');
    const result = await importCsv(core, { file, onDuplicate: 'update' });
    expect(result).toMatchObject({ imported: 2, updated: 1 });
    const undone = undoImport(core, result.importId);
    expect(undone).toMatchObject({ deleted: 2, reverted: 1, notUndone: [] });
    expect(visibleLeads(core).filter((l) => !l.deleted)).toEqual(before);
    expect(() => undoImport(core, result.importId)).toThrow(/already undone/);
  });

  it('works after the import was synced: the undo is new edits in the outbox', async () => {
    const core = tempCore();
    const file = writeFile('name,phone\nMona Adel,01112345678\nOmar Fathy,01212345678\n');
    const result = await importCsv(core, { file });
    // As after a sync: the server has the leads, the creates have left the outbox.
    core.store.connection.exec('UPDATE leads SET server_version = 1; DELETE FROM outbox;');
    expect(undoImport(core, result.importId)).toMatchObject({ deleted: 2, notUndone: [] });
    expect(core.outbox.list(100).map((op) => op.type)).toEqual(['delete', 'delete']);
    expect(allLeads(core)).toHaveLength(0);
  });

  it('keeps a field a user changed after the import, and says so', async () => {
    const core = tempCore();
    const lead = core.leads.create({ name: 'Ahmed Hassan', phones: ['01012345678'], email: null, source: 'walk-in', notes: 'old note', stage: 'new', lostReason: null, propertyType: null, propertyArea: null });
    const file = writeFile('name,phone,notes,source\nAhmed Hassan,01012345678,imported note,facebook\n');
    const result = await importCsv(core, { file, onDuplicate: 'update' });
    core.leads.update(lead.id, { notes: 'typed by the agent after the import' });
    const undone = undoImport(core, result.importId);
    expect(undone.notUndone).toEqual([{ leadId: lead.id, field: 'notes', reason: 'changed since the import (now "typed by the agent after the import")' }]);
    expect(core.leads.get(lead.id)).toMatchObject({ notes: 'typed by the agent after the import', source: 'walk-in' });
  });
});

describe('CSV export', () => {
  it('escapes formula cells and unescapes exactly that prefix', () => {
    for (const value of ['=SUM(A1)', '+201012345678', '-5', '@me', '\tx', '\rx', "'=already", "'plain", 'plain', '']) {
      expect(unescapeCell(escapeCell(value))).toBe(value);
    }
    expect(escapeCell('+201012345678')).toBe("'+201012345678");
    expect(escapeCell("it's")).toBe("it's");
    expect(unescapeCell("'hello")).toBe("'hello");
  });

  it('exports every lead so that importing the file into an empty folder gives the same leads', async () => {
    const core = tempCore();
    const drafts = [
      { name: '=HYPERLINK("x")', phones: ['01012345678', '+20 11 2222 3333'], email: 'a@example.com', source: '@facebook', notes: '-call back\nafter Friday, "cash"', stage: 'new' as const },
      { name: 'منى عادل', phones: ['01512345678'], email: null, source: null, notes: '', stage: 'closed' as const, outcome: 'lost' as const, lostReason: 'price, too high' },
      { name: 'Omar', phones: [], email: 'omar@example.com', source: null, notes: "'quoted", stage: 'viewing' as const, propertyArea: 'Maadi', propertyType: 'villa' },
    ];
    for (const d of drafts) core.leads.create({ lostReason: null, propertyType: null, propertyArea: null, ...d });
    const file = path.join(tempDir(), 'out.csv');
    expect(await exportCsv(core, file, {})).toEqual({ exported: 3 });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(BOM + 'name,phones,email,source,stage,outcome,lost reason,property type,property area,notes\n')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""x"")",'+201012345678; +201122223333,a@example.com,'@facebook,new,,,,,"'-call back`);

    const copy = tempCore();
    expect(await importCsv(copy, { file })).toMatchObject({ imported: 3, rejected: 0, skipped: 0 });
    const fields = (l: Lead) => {
      const { id: _i, createdAt: _c, updatedAt: _u, stageEnteredAt: _s, phones, ...rest } = l;
      return { ...rest, phones: phones.map((p) => p.e164) };
    };
    expect(allLeads(copy).map(fields)).toEqual(allLeads(core).map(fields));

    const closed = path.join(tempDir(), 'closed.csv');
    expect(await exportCsv(core, closed, { stage: 'closed' })).toEqual({ exported: 1 });
  });
});
