import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMain } from '../../main/electron/build-main.mjs';
import { ENCRYPTED_TOKEN_FILE } from '../../main/electron/safe-storage-secrets';
import type { Result } from '../../shared/result';
import * as standIn from '../support/electron-stand-in';
import { tempDir } from '../support/temp';

/**
 * The bundled main process (out/main/main.cjs, built by the release's own script) run
 * in plain Node against a scripted Electron: proves the entry's wiring — scheme before
 * ready, one instance, the core from the bundled worker on the user-data folder, the
 * locked-down window, the app:// protocol, IPC, events, the keychain, a clean quit.
 * Electron itself cannot run here.
 */
const require = createRequire(import.meta.url);
const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const ROOT = path.resolve(import.meta.dirname, '../..');
let appDir: string;

beforeAll(async () => {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-app-'));
  await buildMain(path.join(appDir, 'out'));
  fs.mkdirSync(path.join(appDir, 'out', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html><title>Fieldline</title>');
  // The worker bundle loads better-sqlite3 from node_modules, as in the packaged app.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
}, 60_000);
afterAll(() => fs.rmSync(appDir, { recursive: true, force: true }));

type Listener = (...args: unknown[]) => void;

class FakeWindow {
  static all: FakeWindow[] = [];
  url = '';
  focused = 0;
  readonly sent: [string, unknown][] = [];
  readonly webContents = {
    isDestroyed: () => false,
    getURL: () => this.url,
    send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
  };
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    FakeWindow.all.push(this);
  }
  static getAllWindows = () => FakeWindow.all;
  static getFocusedWindow = () => FakeWindow.all[0] ?? null;
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  once() {}
  on() {}
  maximize() {}
  isMinimized = () => false;
  show() {}
  focus() {
    this.focused++;
  }
}

function scriptedElectron(userData: string, options: { secondCopy?: boolean } = {}) {
  const listeners = new Map<string, Listener[]>();
  let becomeReady = () => {};
  const ready = new Promise<void>((resolve) => (becomeReady = resolve));
  const seen = {
    sandboxed: false,
    readyAsked: false,
    schemesBeforeReady: [] as Electron.CustomScheme[],
    protocols: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
    quits: 0,
    errors: [] as string[],
    menu: null as unknown,
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
  };
  let isReady = false;
  const app = {
    isPackaged: false,
    enableSandbox: () => void (seen.sandboxed = true),
    requestSingleInstanceLock: () => !options.secondCopy,
    quit: () => void seen.quits++,
    exit: () => {},
    on: (name: string, listener: Listener) => (listeners.set(name, [...(listeners.get(name) ?? []), listener]), app),
    whenReady: () => ((seen.readyAsked = true), ready),
    getAppPath: () => appDir,
    getPath: (name: string) => (name === 'userData' ? userData : path.join(userData, name)),
  };
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const electron = {
    ...standIn,
    app,
    BrowserWindow: FakeWindow,
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Electron.CustomScheme[]) => {
        if (!isReady) seen.schemesBeforeReady.push(...schemes);
      },
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => seen.protocols.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => (seen.permissionCheck = handler),
      },
    },
    dialog: { showErrorBox: (title: string, message: string) => seen.errors.push(`${title}: ${message}`) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (seen.menu = menu) },
    net: { isOnline: () => false },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(`ENC:${Buffer.from(text).toString('base64')}`),
      decryptString: (data: Buffer) => Buffer.from(data.toString().slice(4), 'base64').toString(),
    },
  };
  return {
    electron,
    seen,
    emit: (name: string, ...args: unknown[]) => listeners.get(name)?.forEach((listener) => listener(...args)),
    listening: (name: string) => listeners.has(name),
    ready: () => {
      isReady = true;
      becomeReady();
    },
  };
}

let quitApp: (() => Promise<void>) | null = null;

function runMainBundle(fake: ReturnType<typeof scriptedElectron>): void {
  const bundle = path.join(appDir, 'out', 'main', 'main.cjs');
  const original = Module._load;
  // Electron's own packages are swapped for their Node stand-ins, as vitest.config.ts does.
  const nodeLog = require('electron-log/node') as object;
  const swapped: Record<string, unknown> = {
    electron: fake.electron,
    'electron-log/main': Object.create(nodeLog, { initialize: { value: () => {} } }),
    'electron-updater': { autoUpdater: {} },
  };
  Module._load = function (request: string, ...rest: unknown[]) {
    return request in swapped ? swapped[request] : original.call(this, request, ...rest);
  };
  try {
    delete require.cache[bundle];
    require(bundle);
  } finally {
    Module._load = original;
  }
  quitApp = async () => {
    const before = fake.seen.quits;
    fake.emit('will-quit', { preventDefault: () => {} });
    await vi.waitFor(() => expect(fake.seen.quits).toBeGreaterThan(before), { timeout: 20_000 });
  };
}

afterEach(async () => {
  await quitApp?.();
  quitApp = null;
  (require('electron-log/node') as { errorHandler: { stopCatching(): void } }).errorHandler.stopCatching();
  FakeWindow.all = [];
  standIn.resetElectronStandIn();
});

const trusted = (url: string) => {
  const mainFrame = { url, parent: null, detached: false };
  return { sender: { mainFrame }, senderFrame: mainFrame };
};

async function call(channel: string, request: unknown): Promise<Result<unknown>> {
  const handler = standIn.recorded.mainHandlers.get(`crm:${channel}`);
  if (!handler) throw new Error(`crm:${channel} is not handled`);
  return (await handler(trusted('app://fieldline/index.html'), request)) as Result<unknown>;
}

describe('the desktop main process (bundled)', () => {
  it('opens one locked-down window on app://, with the core answering over IPC', async () => {
    const userData = tempDir();
    const fake = scriptedElectron(userData);
    runMainBundle(fake);
    // Before ready: the sandbox for every renderer, and app:// as a standard, secure scheme.
    expect(fake.seen.sandboxed).toBe(true);
    expect(fake.seen.schemesBeforeReady).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    expect(fake.listening('web-contents-created')).toBe(true);

    fake.ready();
    await vi.waitFor(() => expect(FakeWindow.all.length + fake.seen.errors.length).toBe(1), { timeout: 20_000 });
    expect(fake.seen.errors).toEqual([]);
    const [window] = FakeWindow.all as [FakeWindow];
    expect(window.url).toBe('app://fieldline/index.html');
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(window.options.webPreferences?.preload).toBe(path.join(appDir, 'out', 'preload', 'preload.cjs'));
    expect(fs.existsSync(window.options.webPreferences!.preload!)).toBe(true);
    expect(fake.seen.permissionCheck?.()).toBe(false);

    const page = await fake.seen.protocols.get('app')!({ url: 'app://fieldline/index.html', method: 'GET' });
    expect(await page.text()).toContain('<title>Fieldline</title>');

    // The core runs from the bundled worker, on the user-data folder.
    expect(await call('session.current', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(await call('leads.list', {})).toMatchObject({ ok: false, error: { code: 'signed_out' } });

    // A sign-in (server unreachable: works offline) reaches the window as an event, and
    // its token is stored through the keychain, encrypted, in the user's folder.
    const signedIn = await call('session.signIn', { serverUrl: 'http://127.0.0.1:9', token: 'fl_test_token_123' });
    expect(signedIn).toMatchObject({ ok: true, value: { signedIn: true } });
    await vi.waitFor(() => expect(window.sent.map(([channel]) => channel)).toContain('crm:event:sessionChanged'));
    await vi.waitFor(() => {
      const tokens = fs.readdirSync(userData, { recursive: true }).map(String).filter((f) => f.endsWith(ENCRYPTED_TOKEN_FILE));
      expect(tokens).toHaveLength(1);
      expect(fs.readFileSync(path.join(userData, tokens[0]!), 'utf8')).not.toContain('fl_test_token_123');
    });

    // The menu's New Lead reaches the page as a `menu` event.
    const menu = fake.seen.menu as Electron.MenuItemConstructorOptions[];
    const file = menu.find((item) => item.label === 'File')!.submenu as Electron.MenuItemConstructorOptions[];
    (file.find((item) => item.label === 'New Lead')!.click as () => void)();
    expect(window.sent).toContainEqual(['crm:event:menu', { command: 'newLead' }]);

    // A second launch brings this window forward.
    fake.emit('second-instance');
    expect(window.focused).toBe(1);
  });

  it('a second copy of the app quits at once and leaves the first alone', () => {
    const fake = scriptedElectron(tempDir(), { secondCopy: true });
    runMainBundle(fake);
    quitApp = null;
    expect(fake.seen.quits).toBe(1);
    expect(fake.seen.readyAsked).toBe(false);
    expect(standIn.recorded.mainHandlers.size).toBe(0);
  });
});
