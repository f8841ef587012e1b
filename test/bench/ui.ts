import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildRendererIfStale } from '../../main/browser-host/build-renderer.mjs';
import { buildBigOffice, type BigOffice } from '../e2e/support/big-office';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { BrowserHostProcess } from '../e2e/support/processes';
import type { BenchOptions } from './local-store';
import { median, round } from './stats';

/**
 * The renderer in Chromium over the browser host with 100,000 leads:
 * - ui_first_rows_ms: page load to the first table rows on screen;
 * - ui_search_ms: a keystroke in the search box to the matching rows on screen;
 * - ui_board_move_ms: releasing a dragged card to the card and both counts showing the move.
 * Times are taken inside the page (performance.now) where Playwright's round trips would
 * otherwise count; page load is timed from navigation start.
 */
let office: BigOffice | null = null;
let workDir = '';

export async function uiRun(options: BenchOptions, run: number): Promise<Record<string, number>> {
  const leads = options.quick ? 20_000 : 100_000;
  if (!office) {
    await buildRendererIfStale();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-ui-bench-'));
    office = await buildBigOffice(path.join(workDir, 'office'), leads);
    process.once('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  }
  const dataRoot = path.join(workDir, `computer-${run}`);
  fs.cpSync(office.dataFolder, dataRoot, { recursive: true });
  const host = new BrowserHostProcess(dataRoot);
  await host.start();
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const firstRows = await firstRowsMs(browser, host.url);
    const search = await searchMs(browser, host.url);
    const boardMove = await boardMoveMs(browser, host.url);
    return { ui_first_rows_ms: round(firstRows, 1), ui_search_ms: round(search, 1), ui_board_move_ms: round(boardMove, 1) };
  } finally {
    await browser.close();
    await host.stop();
  }
}

async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // tsx compiles with keepNames, which wraps the functions we send into the page in __name().
  await context.addInitScript('window.__name = (f) => f;');
  return context.newPage();
}

/** A fresh tab each time: nothing cached in the page. */
async function firstRowsMs(browser: Browser, url: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await openPage(browser);
    await page.goto(url + '#/leads', { waitUntil: 'commit' });
    await page.locator('[role="row"][data-lead-id]').first().waitFor();
    // performance.now() counts from the navigation's start.
    samples.push(await page.evaluate(() => performance.now()));
    await page.context().close();
  }
  return median(samples);
}

/** Types queries an agent would (a name, phone digits, an Arabic name), one keystroke at a time. */
async function searchMs(browser: Browser, url: string): Promise<number> {
  const page = await openPage(browser);
  await page.goto(url + '#/leads');
  const search = page.getByLabel('Search leads');
  await page.locator('[role="row"][data-lead-id]').first().waitFor();
  const samples: number[] = [];
  for (const query of ['moh', 'sara', '4567', 'احمد', 'maadi']) {
    await search.fill('');
    await page.locator('[role="row"][data-lead-id]').first().waitFor();
    for (const ch of query) {
      const typed = (await search.inputValue()) + ch;
      // The rows the core says this text matches, asked for outside the timed span.
      const expected = await page.evaluate(async (text) => {
        const result = await window.crm.leads.list({ search: text, limit: 1 });
        return result.ok ? (result.value.items[0]?.id ?? null) : null;
      }, typed);
      await page.evaluate((firstId) => {
        const w = window as unknown as { searchTiming: { typed?: number; shown?: number } };
        const timing: { typed?: number; shown?: number } = {};
        w.searchTiming = timing;
        const input = document.querySelector('input[type="search"]')!;
        // Keys off the keyboard layout (Arabic here) arrive as text input without a keydown.
        const typed = () => (timing.typed ??= performance.now());
        input.addEventListener('keydown', typed, { once: true, capture: true });
        input.addEventListener('beforeinput', typed, { once: true, capture: true });
        const done = () => {
          const first = document.querySelector('[role="row"][data-lead-id]');
          const shows = firstId ? first?.getAttribute('data-lead-id') === firstId : !first;
          if (timing.typed !== undefined && shows && timing.shown === undefined) timing.shown = performance.now();
          if (timing.shown === undefined) requestAnimationFrame(done);
        };
        requestAnimationFrame(done);
      }, expected);
      await search.focus();
      await page.keyboard.type(ch);
      await page.waitForFunction(() => (window as unknown as { searchTiming: { shown?: number } }).searchTiming.shown !== undefined);
      const timing = await page.evaluate(() => (window as unknown as { searchTiming: { typed: number; shown: number } }).searchTiming);
      samples.push(timing.shown - timing.typed);
    }
  }
  await page.context().close();
  return median(samples);
}

/** Drags the top card of one column to the next, and back, several times. */
async function boardMoveMs(browser: Browser, url: string): Promise<number> {
  const page = await openPage(browser);
  await page.goto(url + '#/board');
  const samples: number[] = [];
  const pairs: [string, string][] = [['new', 'contacted'], ['contacted', 'viewing'], ['viewing', 'negotiation'], ['negotiation', 'viewing'], ['viewing', 'contacted'], ['contacted', 'new']];
  for (const [from, to] of pairs) {
    const card = page.locator(`[data-stage="${from}"] [data-lead-id]`).first();
    await card.waitFor();
    const id = (await card.getAttribute('data-lead-id'))!;
    await page.evaluate(
      ({ id, from, to }) => {
        const timing: { released?: number; shown?: number } = {};
        (window as unknown as { dropTiming: typeof timing }).dropTiming = timing;
        const fromCount = document.querySelector(`[data-testid="stage-count-${from}"]`)!;
        const toCount = document.querySelector(`[data-testid="stage-count-${to}"]`)!;
        const before = [fromCount.textContent, toCount.textContent];
        const check = () => {
          const landed = document.querySelector(`[data-stage="${to}"] [data-lead-id="${id}"]`);
          const counted = fromCount.textContent !== before[0] && toCount.textContent !== before[1];
          if (timing.released !== undefined && landed && counted) timing.shown = performance.now();
          else requestAnimationFrame(check);
        };
        window.addEventListener('pointerup', () => (timing.released = performance.now()), { capture: true, once: true });
        requestAnimationFrame(check);
      },
      { id, from, to },
    );
    const source = (await card.boundingBox())!;
    const target = (await page.locator(`[data-stage="${to}"]`).boundingBox())!;
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(source.x + source.width / 2 + 10, source.y + source.height / 2, { steps: 3 });
    await page.mouse.move(target.x + target.width / 2, target.y + 150, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => (window as unknown as { dropTiming: { shown?: number } }).dropTiming.shown !== undefined, undefined, { timeout: 10_000 });
    const timing = await page.evaluate(() => (window as unknown as { dropTiming: { released: number; shown: number } }).dropTiming);
    samples.push(timing.shown - timing.released);
    await page.waitForTimeout(300); // let the write and the reload settle before the next drag
  }
  await page.context().close();
  return median(samples);
}
