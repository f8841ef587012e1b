import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../main/app-origin';
import { dispatch } from '../../main/dispatch';
import { shellHandlers, type ShowOpenDialog } from '../../main/electron/import-dialog';
import { registerContractIpc, type ContractBackend } from '../../main/electron/ipc';
import { Workspace } from '../../main/workspace/workspace';
import type { Result } from '../../shared/result';
import { recorded, resetElectronStandIn } from '../support/electron-stand-in';
import { fingerprint, tempCore, tempDir } from '../support/temp';

afterEach(() => resetElectronStandIn());

/** An IPC call from the app's own window (or from an iframe in it). */
function call(channel: string, request: unknown, from: 'top' | 'iframe' = 'top'): Promise<Result<unknown>> {
  const mainFrame = { url: APP_ENTRY_URL, parent: null, detached: false };
  const senderFrame = from === 'top' ? mainFrame : { url: APP_ENTRY_URL, parent: mainFrame, detached: false };
  return Promise.resolve(recorded.mainHandlers.get(`crm:${channel}`)!({ sender: { mainFrame }, senderFrame }, request) as Result<unknown>);
}

/** The desktop shell's IPC over a real core, with a file dialog that answers `pick` (null: cancelled). */
function desktopShell(pick: () => string | null) {
  const core = tempCore();
  const backend: ContractBackend = { invoke: (channel, payload) => dispatch(core.handlers, channel, payload), on: () => () => {} };
  const asked: unknown[] = [];
  const showOpenDialog: ShowOpenDialog = (options) => {
    asked.push(options);
    const file = pick();
    return Promise.resolve({ canceled: file === null, filePaths: file ? [file] : [] });
  };
  const chosenFiles = new Set<string>();
  registerContractIpc(backend, shellHandlers({ showOpenDialog, backend, chosenFiles }), undefined, chosenFiles);
  return { core, asked };
}

describe('Import CSV in the desktop app (the system file dialog)', () => {
  it('imports only a file the user picked in the dialog, never a path the page makes up', async () => {
    const dir = tempDir();
    const picked = path.join(dir, 'picked.csv');
    const other = path.join(dir, 'other.csv');
    for (const file of [picked, other]) fs.writeFileSync(file, 'name,phone\nMona Adel,01012345678\n');
    const { core } = desktopShell(() => picked);
    const before = fingerprint(core);
    expect(await call('imports.fromFile', { path: other })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(fingerprint(core)).toBe(before);
    await call('imports.chooseFile', {});
    expect(await call('imports.fromFile', { path: other })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await call('imports.fromFile', { path: picked })).toMatchObject({ ok: true, value: { imported: 1 } });
  });

  it('previews the picked file from its path (encoding and delimiter as the import reads them), then imports it by path with the adjusted mapping', async () => {
    const file = path.join(tempDir(), 'معرض.csv');
    const text = ['الاسم;Cell;ملاحظات', 'أحمد حسن;01012345678;شقة, دور أول', 'منى عادل;01122233334;'].join('\r\n');
    fs.writeFileSync(file, iconv.encode(text, 'windows-1256'));
    const { core, asked } = desktopShell(() => file);

    const chosen = await call('imports.chooseFile', {});
    expect(asked).toEqual([expect.objectContaining({ properties: ['openFile'] })]);
    expect(chosen).toEqual({
      ok: true,
      value: {
        path: file,
        fileName: 'معرض.csv',
        preview: {
          headers: ['الاسم', 'Cell', 'ملاحظات'],
          sampleRows: [
            ['أحمد حسن', '01012345678', 'شقة, دور أول'],
            ['منى عادل', '01122233334', ''],
          ],
          mapping: { الاسم: 'name', Cell: 'phone', ملاحظات: 'notes' },
          remembered: false,
          encoding: 'windows-1256',
          delimiter: ';',
        },
      },
    });

    const imported = await call('imports.fromFile', { path: file, map: { الاسم: 'name', Cell: 'phone', ملاحظات: null }, jobId: 'job-1' });
    expect(imported).toMatchObject({ ok: true, value: { imported: 2, rejected: 0, encoding: 'windows-1256' } });
    expect(core.leads.list({ sort: 'created', direction: 'asc', limit: 10 }).items.map((l) => [l.name, l.notes])).toEqual([
      ['أحمد حسن', ''],
      ['منى عادل', ''],
    ]);
  });

  it('answers null when the dialog is cancelled, and changes nothing', async () => {
    const { core } = desktopShell(() => null);
    const before = fingerprint(core);
    expect(await call('imports.chooseFile', {})).toEqual({ ok: true, value: null });
    expect(fingerprint(core)).toBe(before);
  });

  it('says clearly when the picked file is empty or unreadable', async () => {
    const empty = path.join(tempDir(), 'empty.csv');
    fs.writeFileSync(empty, '');
    let pick = empty;
    desktopShell(() => pick);
    expect(await call('imports.chooseFile', {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'empty.csv is empty.' } });
    pick = path.join(tempDir(), 'gone.csv');
    expect(await call('imports.chooseFile', {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Fieldline cannot read gone.csv.' } });
  });

  it('opens no dialog for an iframe or a malformed request', async () => {
    const { asked } = desktopShell(() => '/etc/passwd');
    expect(await call('imports.chooseFile', {}, 'iframe')).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await call('imports.chooseFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(asked).toEqual([]);
  });
});

describe('Import CSV outside the desktop app', () => {
  it('the workspace (browser host, core host) says the dialog is only in the desktop app, so the page reads the file', async () => {
    const w = new Workspace({ dataRoot: tempDir(), connectivity: { isOnline: () => false, onChange: () => () => {} } });
    try {
      expect(await dispatch(w.handlers, 'imports.chooseFile', {})).toEqual({
        ok: false,
        error: { code: 'unknown_channel', message: 'The system file dialog is only in the desktop app; choose the file in the page.' },
      });
    } finally {
      w.close();
    }
  });
});
