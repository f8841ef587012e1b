import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { fingerprint, tempCore } from '../support/temp';

describe('importing a CSV the page read itself (imports.fromText)', () => {
  it('imports the text, keeps the report in the user\'s folder, deletes the upload, and undoes', async () => {
    const core = tempCore();
    const text = 'Name,Mobile,Email\nسارة عادل,01012345678,\nNo Contact,,\nSara Again,01012345678,\n';
    const result = await invoke(core.handlers, 'imports.fromText', { fileName: 'my leads.csv', text, onDuplicate: 'skip' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ imported: 1, rejected: 1, skipped: 1, updated: 0, encoding: 'utf8' });
    expect(path.dirname(result.value.reportFile!)).toBe(path.join(core.dataDir, 'import-reports'));
    expect(path.basename(result.value.reportFile!)).toMatch(/^my leads-\d+\.rejected\.csv$/);
    expect(fs.readdirSync(path.join(core.dataDir, 'import-uploads'))).toEqual([]);
    const listed = await invoke(core.handlers, 'leads.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.items.map((lead) => lead.name)).toEqual(['سارة عادل']);

    const undone = await invoke(core.handlers, 'imports.undo', { importId: result.value.importId });
    expect(undone).toMatchObject({ ok: true, value: { deleted: 1, notUndone: [] } });
    expect(core.status().leads).toBe(0);
  });

  it('keeps only the last part of the file name, so the upload stays in its folder', async () => {
    const core = tempCore();
    const result = await invoke(core.handlers, 'imports.fromText', { fileName: '../../evil/..\\x.csv', text: 'Name,Mobile\nSara,01012345678\n,\n' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.imported).toBe(1);
    expect(path.dirname(result.value.reportFile!)).toBe(path.join(core.dataDir, 'import-reports'));
    expect(fs.readdirSync(path.join(core.dataDir, 'import-uploads'))).toEqual([]);
  });

  it('refuses empty text, a missing name, unknown fields and a bad mapping, changing nothing', async () => {
    const core = tempCore();
    const before = fingerprint(core);
    const refused = [
      { fileName: 'a.csv', text: '' },
      { fileName: '', text: 'Name,Mobile\nSara,01012345678\n' },
      { fileName: 'x'.repeat(301), text: 'Name,Mobile\nSara,01012345678\n' },
      { fileName: 'a.csv', text: 'Name,Mobile\nSara,01012345678\n', onDuplicate: 'merge' },
      { fileName: 'a.csv', text: 'Name,Mobile\nSara,01012345678\n', path: '/etc/passwd' },
      { fileName: 'a.csv', text: 'Name,Mobile\nSara,01012345678\n', map: { Name: 'password' } },
      { fileName: 'a.csv', text: 'Colour,Size\nred,big\n' },
    ];
    for (const request of refused) {
      // Deliberately malformed requests, as a page could send them.
      const answer = await invoke(core.handlers, 'imports.fromText', request as never);
      expect(answer, JSON.stringify(request).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(fingerprint(core)).toBe(before);
    expect(fs.readdirSync(path.join(core.dataDir, 'import-uploads'))).toEqual([]);
  });
});
