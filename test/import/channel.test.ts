import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { fingerprint, tempCore, tempDir } from '../support/temp';

describe('importing from the app (the imports.* channels)', () => {
  it('imports a picked file, keeps the rejected-rows report in the user\'s folder, and undoes it', async () => {
    const core = tempCore();
    const dir = tempDir();
    const file = path.join(dir, 'leads.csv');
    fs.writeFileSync(file, 'Name,Mobile,Email\nSara Adel,01012345678,\n,01099999999,\nNo Contact,,\n');
    const result = await invoke(core.handlers, 'imports.fromFile', { path: file });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ imported: 1, rejected: 2, skipped: 0, updated: 0 });
    expect(path.dirname(result.value.reportFile!)).toBe(path.join(core.dataDir, 'import-reports'));
    expect(fs.readdirSync(dir)).toEqual(['leads.csv']); // nothing written beside the input
    expect(core.outbox.pendingCount()).toBe(1);

    const undone = await invoke(core.handlers, 'imports.undo', { importId: result.value.importId });
    expect(undone).toMatchObject({ ok: true, value: { deleted: 1, notUndone: [] } });
    expect(core.status().leads).toBe(0);
  });

  it('refuses a mapping to a field that does not exist, and a missing file, changing nothing', async () => {
    const core = tempCore();
    const file = path.join(tempDir(), 'leads.csv');
    fs.writeFileSync(file, 'Name,Mobile\nSara,01012345678\n');
    const before = fingerprint(core);
    expect(await invoke(core.handlers, 'imports.fromFile', { path: file, map: { Name: 'password' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'map.Name: "password" is not a lead field' },
    });
    expect(await invoke(core.handlers, 'imports.fromFile', { path: path.join(tempDir(), 'missing.csv') })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(fingerprint(core)).toBe(before);
  });
});
