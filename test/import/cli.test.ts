import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm } from '../support/cli';
import { folderFingerprint as snapshot, tempDir } from '../support/temp';

describe('crm import and export', () => {
  it('imports with --json, undoes the import, and exports what is left', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const seeded = crm(dataDir, 'lead', 'add', '--name', 'Ahmed Hassan', '--phone', '01012345678');
    expect(seeded.status).toBe(0);
    const file = path.join(dir, 'leads.csv');
    fs.writeFileSync(file, 'الاسم,الهاتف,ملاحظات\nأحمد حسن,01012345678,مكرر\nمنى عادل,01112345678,\n,01212345678,بلا اسم\n');
    const imported = crm(dataDir, 'import', file, '--json');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const summary = imported.json() as Record<string, unknown>;
    expect(summary).toEqual({ imported: 1, updated: 0, skipped: 1, rejected: 1, flagged: 0, importId: expect.any(String) });
    expect(fs.readFileSync(path.join(dir, 'leads.rejected.csv'), 'utf8')).toBe('row,reason,الاسم,الهاتف,ملاحظات\n4,no name,,01212345678,بلا اسم\n');

    const undo = crm(dataDir, '--json', 'import', 'undo', summary.importId as string);
    expect(undo.status).toBe(0);
    expect(undo.json()).toMatchObject({ deleted: 1, reverted: 0, notUndone: [] });
    const again = crm(dataDir, 'import', 'undo', summary.importId as string);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already undone/);

    const out = path.join(dir, 'out.csv');
    const exported = crm(dataDir, '--json', 'export', out);
    expect(exported.json()).toEqual({ exported: 1, file: out });
    expect(fs.readFileSync(out, 'utf8')).toBe('\uFEFFname,phones,email,source,stage,outcome,lost reason,property type,property area,notes\nAhmed Hassan,\'+201012345678,,,new,,,,,\n');
  });

  it('changes nothing on bad input', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    expect(crm(dataDir, 'lead', 'add', '--name', 'Ahmed Hassan', '--phone', '01012345678').status).toBe(0);
    const good = path.join(dir, 'leads.csv');
    fs.writeFileSync(good, 'name,phone\nMona,01112345678\n');
    const noName = path.join(dir, 'no-name.csv');
    fs.writeFileSync(noName, 'who,phone\nMona,01112345678\n');
    const before = snapshot(dataDir);
    const cases: [string[], number, RegExp][] = [
      [['import'], 2, /expected FILE\.csv/],
      [['import', good, '--map', '{not json'], 2, /--map must be a JSON object/],
      [['import', good, '--map', '{"name":"birthday"}'], 2, /is not a field/],
      [['import', good, '--map', '{"nope":"name"}'], 1, /not a column/],
      [['import', good, '--encoding', 'latin1'], 2, /--encoding must be one of/],
      [['import', good, '--on-duplicate', 'merge'], 2, /--on-duplicate must be one of/],
      [['import', good, '--report', path.join(dir, 'missing', 'r.csv')], 1, /no folder/],
      [['import', good, '--report', good], 1, /is the file being imported/],
      [['import', good, '--report', dir], 1, /is a folder; name a file/],
      [['import', dir], 1, /is a folder, not a CSV file/],
      [['import', path.join(dir, 'missing.csv')], 1, /cannot read/],
      [['import', noName], 1, /no column maps to the name/],
      [['import', 'undo', '01a21504-dd95-713e-852f-032cf567dd74'], 1, /No import with id/],
      [['export', path.join(dir, 'out.csv'), '--stage', 'won'], 2, /--stage must be one of/],
      [['export', path.join(dir, 'missing', 'out.csv')], 1, /no folder/],
    ];
    for (const [args, status, message] of cases) {
      const run = crm(dataDir, ...args);
      expect({ args, status: run.status }).toEqual({ args, status });
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshot(dataDir)).toBe(before);
    expect(fs.existsSync(path.join(dir, 'out.csv'))).toBe(false);
  });
});
