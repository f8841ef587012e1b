import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

/** Creates leads through the contract (the reports are under test, not the New lead dialog). */
async function createLeads(page: Page, drafts: { name: string; phone: string; source: string }[]): Promise<string[]> {
  return page.evaluate(async (list) => {
    const ids: string[] = [];
    for (const { name, phone, source } of list) {
      const result = await window.crm.leads.create({ name, phones: [phone], source });
      if (!result.ok) throw new Error(result.error.message);
      ids.push(result.value.id);
    }
    return ids;
  }, drafts);
}

/** The cells of a report table row, headed by `rowName`, as text. */
async function rowCells(section: Locator, rowName: string): Promise<string[]> {
  return section.getByRole('row', { name: new RegExp(`^${rowName}\\b`) }).getByRole('cell').allInnerTexts();
}

/** The browser's local calendar day `offset` days from today, as a date input takes it. */
async function localDay(page: Page, offset: number): Promise<string> {
  return page.evaluate((days) => {
    const d = new Date();
    d.setDate(d.getDate() + days);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, offset);
}

test('a manager sees the funnel and source numbers of today’s leads and exports them as CSV and PNG', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  const { page } = await office.computer('office-pc', { signedInAs: mona });
  await expect(page.locator('.topbar')).toBeVisible();

  const [won] = await createLeads(page, [
    { name: 'Hala Fawzy', phone: '0100 555 1001', source: 'Website' },
    { name: 'Karim Adel', phone: '0100 555 1002', source: 'Website' },
    { name: 'Nour Samir', phone: '0100 555 1003', source: 'Referral' },
  ]);
  await page.evaluate(async (id) => {
    const result = await window.crm.leads.moveToStage({ id, stage: 'closed', outcome: 'won' });
    if (!result.ok) throw new Error(result.error.message);
  }, won!);
  // Two calls today; the per-day chart's days are UTC days, as the call's time says.
  const callDay = await page.evaluate(async (leadId) => {
    let at = '';
    for (const outcome of ['answered', 'no_answer'] as const) {
      const result = await window.crm.calls.log({ leadId, outcome, durationSeconds: 60 });
      if (!result.ok) throw new Error(result.error.message);
      at = result.value.occurredAt;
    }
    return at.slice(0, 10);
  }, won!);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/#\/reports$/);
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();

  // Funnel: leads now, entered, moved forward, forward rate.
  const funnel = page.getByRole('region', { name: 'Pipeline funnel' });
  await expect(funnel.getByRole('table')).toBeVisible();
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['2', '3', '1', '33%']);
  expect(await rowCells(funnel, 'Contacted')).toEqual(['0', '0', '0', '–']);
  expect(await rowCells(funnel, 'Closed')).toEqual(['1', '1', '0', '0%']);
  await expect(funnel.locator('canvas')).toBeVisible();

  // Sources: leads, won, lost, close rate, win rate.
  const sources = page.getByRole('region', { name: 'Source performance' });
  expect(await rowCells(sources, 'Website')).toEqual(['2', '1', '0', '100%', '50%']);
  expect(await rowCells(sources, 'Referral')).toEqual(['1', '0', '0', '–', '0%']);

  // Calls per day: the day's bar stacks its outcomes; the table beside it has the numbers.
  const perDay = page.getByRole('region', { name: 'Calls per day' });
  await expect.poll(() => rowCells(perDay, callDay)).toEqual(['2', '1', '1', '0', '0', '0']);
  await expect(perDay.locator('canvas')).toBeVisible();

  // Every report section is there, each with its chart.
  for (const title of ['Lead aging', 'Agent activity']) {
    await expect(page.getByRole('region', { name: title }).getByRole('heading', { name: title })).toBeVisible();
  }
  await screenshot(page, 'reports');

  const csvDownload = page.waitForEvent('download');
  await sources.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^fieldline-sources-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvText = fs.readFileSync((await csv.path())!, 'utf8');
  expect(csvText).toContain('source,leads,won,lost,close_rate,win_rate\r\n');
  expect(csvText).toContain('Website,2,1,0,1,0.5\r\n');
  expect(csvText).toContain('Referral,1,0,0,,0\r\n');

  const funnelCsvDownload = page.waitForEvent('download');
  await funnel.getByRole('button', { name: 'Export CSV' }).click();
  const funnelCsv = fs.readFileSync((await (await funnelCsvDownload).path())!, 'utf8');
  expect(funnelCsv).toContain('closed,1,1,0,0,1,0\r\n');

  const pngDownload = page.waitForEvent('download');
  await funnel.getByRole('button', { name: 'Export PNG' }).click();
  const png = await pngDownload;
  expect(png.suggestedFilename()).toMatch(/^fieldline-funnel-.*\.png$/);
  const bytes = fs.readFileSync((await png.path())!);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(1000);
});

test('g r opens Reports, and the owner and date filters narrow the numbers', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  await office.addUser('Omar', 'agent');
  const { page } = await office.computer('office-pc', { signedInAs: mona });
  await expect(page.locator('.topbar')).toBeVisible();
  await createLeads(page, [{ name: 'Hala Fawzy', phone: '0100 555 1001', source: 'Website' }]);

  await page.locator('body').press('g');
  await page.locator('body').press('r');
  await expect(page).toHaveURL(/#\/reports$/);
  const funnel = page.getByRole('region', { name: 'Pipeline funnel' });
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['1', '1', '0', '0%']);

  // Colleagues arrive with sync, so the owner list may fill a moment after the page.
  const owner = page.getByLabel('Owner');
  await expect(owner.getByRole('option', { name: 'Omar' })).toBeAttached();
  await owner.selectOption({ label: 'Omar' });
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['0', '0', '0', '–']);
  await owner.selectOption({ label: 'Mona' });
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['1', '1', '0', '0%']);

  // A range that ended yesterday: the lead is still in New now, but did not enter it then.
  const day = (offset: number) => localDay(page, offset);
  await page.getByLabel('From').fill(await day(-7));
  await page.getByLabel('To').fill(await day(-1));
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['1', '0', '0', '–']);
  await page.getByLabel('To').fill(await day(0));
  await expect.poll(() => rowCells(funnel, 'New')).toEqual(['1', '1', '0', '0%']);

  await page.getByLabel('To').fill(await day(-8));
  await expect(page.getByRole('alert')).toHaveText('“To” must not be before “From”.');
  await expect(page.getByLabel('To')).toHaveAttribute('aria-invalid', 'true');
  expect(await rowCells(funnel, 'New')).toEqual(['1', '1', '0', '0%']);
});
