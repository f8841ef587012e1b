import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { isAppUrl } from '../../main/app-origin';
import { buildCrmApi } from '../../shared/crm-api';
import { editNotes, newLead } from '../e2e/support/lead-actions';
import { ROOT, SyncServerProcess } from '../e2e/support/processes';

/** The app as a user starts it, on its own empty profile folder. */
interface Desktop {
  app: ElectronApplication;
  page: Page;
}

/** What the main process records for a test (set up by `watchMainProcess`). */
interface Watch {
  opened: string[];
  navigations: { url: string; prevented: boolean }[];
}

const test = base.extend<{ desktop: Desktop; server: SyncServerProcess }>({
  // Playwright reads a fixture's dependencies from its first parameter's destructuring.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use, testInfo) => {
    const server = new SyncServerProcess(testInfo.outputPath('server.db'));
    await server.start();
    await use(server);
    await server.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  desktop: async ({}, use) => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-electron-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    // Linux derives userData from XDG_CONFIG_HOME too: the real profile is never touched.
    env.XDG_CONFIG_HOME = userData;
    const app = await _electron.launch({ args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT, env });
    try {
      const used = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
      expect(fs.realpathSync(used), 'the app must run on the temporary profile').toBe(fs.realpathSync(userData));
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await use({ app, page });
    } finally {
      await app.close();
      fs.rmSync(userData, { recursive: true, force: true });
    }
  },
});

/** Replaces shell.openExternal with a recorder and records every navigation the window attempts. */
async function watchMainProcess(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ shell, BrowserWindow }) => {
    const watch: Watch = { opened: [], navigations: [] };
    (globalThis as unknown as { watch: Watch }).watch = watch;
    shell.openExternal = async (url: string) => {
      watch.opened.push(url);
    };
    // Added after the app's own listener, so it sees whether the app refused.
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.on('will-navigate', (event) => watch.navigations.push({ url: event.url, prevented: event.defaultPrevented }));
    }
  });
}

const watched = (app: ElectronApplication) => app.evaluate(() => (globalThis as unknown as { watch: Watch }).watch);

/** `{ namespace: [methods] }` plus `on`: the shape of a CRM API object. */
function shapeOf(api: object): Record<string, string | string[]> {
  const entries = Object.entries(api as Record<string, unknown>).map(([key, value]): [string, string | string[]] => [
    key,
    typeof value === 'function' ? 'function' : Object.keys(value as object).sort(),
  ]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

test('the page gets window.crm with exactly the contract, and nothing of Node or Electron', async ({ desktop: { page } }) => {
  expect(isAppUrl(page.url()), page.url()).toBe(true);
  const contract = shapeOf(buildCrmApi(async () => ({ ok: true, value: null }), () => () => {}));
  const exposed = await page.evaluate(() => {
    const crm = window.crm as unknown as Record<string, unknown>;
    const entries = Object.keys(crm).map((key): [string, string | string[]] => [
      key,
      typeof crm[key] === 'function' ? 'function' : Object.keys(crm[key] as object).sort(),
    ]);
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  });
  expect(exposed).toEqual(contract);

  const reachable = await page.evaluate(() => {
    const scope = globalThis as Record<string, unknown>;
    return ['process', 'require', 'module', 'Buffer', 'global', 'ipcRenderer', 'electron'].filter((name) => typeof scope[name] !== 'undefined');
  });
  expect(reachable).toEqual([]);

  // The bridge works end to end: the core answers, in a result envelope.
  const session = await page.evaluate(() => window.crm.session.current({}));
  expect(session.ok).toBe(true);
});

test('the window cannot be sent elsewhere or open windows; only allow-listed links reach the OS', async ({ desktop: { app, page } }) => {
  await watchMainProcess(app);
  const start = page.url();

  await page.evaluate(() => {
    window.location.href = 'https://phish.example/login';
  });
  await expect.poll(async () => (await watched(app)).navigations).toEqual([{ url: 'https://phish.example/login', prevented: true }]);
  expect(page.url()).toBe(start);

  // window.open never makes a window; refused schemes and disguised links never reach the OS.
  const made = await page.evaluate(() =>
    ['file:///etc/passwd', 'http://plain.example/', 'https://bank.example@phish.example/', 'app://fieldline/index.html'].map((url) => window.open(url) !== null),
  );
  expect(made).toEqual([false, false, false, false]);

  // An https link with target=_blank, the way a lead's website link opens.
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = 'https://www.example.com/listing/42';
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    document.body.append(link);
    link.click();
    link.remove();
  });
  await expect.poll(async () => (await watched(app)).opened).toEqual(['https://www.example.com/listing/42']);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('a lead edited while the office server is down reaches it once it is back', async ({ desktop: { page }, server }) => {
  const mona = await server.addUser('Mona Saleh', 'agent', ['cairo']);
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Token').fill(mona.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const status = page.getByTestId('sync-status');
  const pending = page.getByTestId('pending-count');
  await expect(status).toHaveAttribute('data-state', 'online', { timeout: 30_000 });

  await newLead(page, 'Desktop Buyer', '01012340009');
  await expect(pending).toHaveText('0', { timeout: 30_000 });

  await server.stop(); // the office server is unreachable
  await editNotes(page, 'Called from the car park: wants a viewing on Thursday');
  await expect(pending).not.toHaveText('0');

  await server.start();
  // The scheduler's probes back off up to a minute; the user who knows the server is back syncs now.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(pending).toHaveText('0', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-state', 'online');
});
