import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildBigOffice, type BigOffice } from './support/big-office';
import { BrowserHostProcess, SyncServerProcess, type SyncUser } from './support/processes';

export { expect };

/** One computer: its own data folder, a browser host over it, and a browser tab. */
export interface Computer {
  page: Page;
  host: BrowserHostProcess;
  context: BrowserContext;
}

/**
 * A branch office for one test: a real sync server on a fresh SQLite file, and as many
 * computers (browser host + Chromium tab, each with a fresh data folder) as the test
 * opens. Everything is stopped after the test.
 */
export class Office {
  readonly server: SyncServerProcess;
  private readonly hosts: BrowserHostProcess[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(
    readonly dir: string,
    private readonly browser: Browser,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.server = new SyncServerProcess(path.join(dir, 'server.db'));
  }

  addUser(name: string, role: 'agent' | 'manager' = 'agent', branches = ['cairo']): Promise<SyncUser> {
    return this.server.addUser(name, role, branches);
  }

  /**
   * Opens a computer. With `signedInAs` the host signs in at start (as a returning user
   * would be); without it the app shows the sign-in screen. `dataFrom` copies a prepared
   * data folder first (the 100K-lead fixture).
   */
  async computer(name: string, options: { signedInAs?: SyncUser; dataFrom?: string } = {}): Promise<Computer> {
    const dataRoot = path.join(this.dir, name);
    if (options.dataFrom) fs.cpSync(options.dataFrom, dataRoot, { recursive: true });
    const host = new BrowserHostProcess(
      dataRoot,
      options.signedInAs ? { server: this.server.url, token: options.signedInAs.token } : {},
    );
    await host.start();
    this.hosts.push(host);
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto(host.url);
    return { page, host, context };
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
    await Promise.all(this.hosts.map((h) => h.stop()));
    await this.server.stop();
  }
}

export const test = base.extend<{ office: Office; bigOfficeComputer: Computer }, { bigOffice: BigOffice }>({
  office: async ({ browser }, use, testInfo) => {
    const office = new Office(testInfo.outputPath('office'), browser);
    await office.server.start();
    await use(office);
    await office.close();
  },
  // Built once per worker (seeding and syncing 100K leads takes a while), then copied.
  bigOffice: [
    // Playwright reads a fixture's dependencies from its first parameter's destructuring.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const dir = path.join(workerInfo.project.outputDir, `big-office-${workerInfo.workerIndex}`);
      const office = await buildBigOffice(dir, BIG_OFFICE_LEADS);
      await use(office);
      await office.server.stop();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  /** A computer of the 100K office: a fresh copy of the synced data folder, signed in. */
  bigOfficeComputer: async ({ browser, bigOffice }, use, testInfo) => {
    const dataRoot = testInfo.outputPath('computer');
    fs.cpSync(bigOffice.dataFolder, dataRoot, { recursive: true });
    const host = new BrowserHostProcess(dataRoot);
    await host.start();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(host.url);
    await use({ page, host, context });
    await context.close();
    await host.stop();
  },
});

export const BIG_OFFICE_LEADS = Number(process.env.FIELDLINE_E2E_LEADS ?? 100_000);

/** Saves a screenshot of a main view as test output (test-results/, never committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '../../test-results/screens');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The number shown in an element that holds only digits. */
export async function numberIn(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).innerText()).trim());
}
