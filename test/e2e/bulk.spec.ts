import type { Page } from '@playwright/test';
import { expect, numberIn, screenshot, test } from './fixtures';
import { unnamedControls } from './support/accessibility';

/** Creates leads through the contract (the bulk bar is what is under test, not the New lead dialog). */
async function createLeads(page: Page, names: string[]): Promise<void> {
  await page.evaluate(async (list) => {
    for (const [i, name] of list.entries()) {
      const result = await window.crm.leads.create({ name, phones: [`0101000${String(i).padStart(4, '0')}`] });
      if (!result.ok) throw new Error(result.error.message);
    }
  }, names);
}

async function boardCounts(page: Page): Promise<{ new: number; viewing: number }> {
  await page.getByRole('link', { name: 'Board' }).click();
  await expect(page.getByTestId('stage-count-new')).toBeVisible();
  return { new: await numberIn(page, 'stage-count-new'), viewing: await numberIn(page, 'stage-count-viewing') };
}

test('ticks leads in the table, moves them to a stage, and Undo puts the board back', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: mona });
  await createLeads(page, ['Bulk One', 'Bulk Two', 'Bulk Three', 'Bulk Four', 'Bulk Five', 'Bulk Six']);
  await expect.poll(() => boardCounts(page)).toEqual({ new: 6, viewing: 0 });

  await page.getByRole('link', { name: 'Leads' }).click();
  const rows = page.locator('[role="row"][data-lead-id]');
  await expect(rows).toHaveCount(6);
  // Newest first: Six, Five, Four, Three, Two, One. A click ticks Six, Shift-click ticks down to Four.
  await page.getByRole('checkbox', { name: 'Select Bulk Six' }).click();
  await page.getByRole('checkbox', { name: 'Select Bulk Four' }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('3 selected');
  // The keyboard too: End selects the last row, Space ticks it.
  const grid = page.getByRole('grid', { name: 'Leads' });
  await grid.focus();
  await page.keyboard.press('End');
  await expect(rows.filter({ hasText: 'Bulk One' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('bulk-count')).toHaveText('4 selected');
  // Ticking never opened a lead.
  await expect(page).toHaveURL(/#\/leads$/);
  expect(await unnamedControls(page)).toEqual([]);
  await screenshot(page, 'bulk-bar');

  // What the page hears while the action runs: the core's progress events, and the bar they move.
  await page.evaluate(() => {
    const seen = { progress: [] as unknown[], bar: false };
    (window as unknown as { bulkSeen: typeof seen }).bulkSeen = seen;
    window.crm.on('jobProgress', (p) => seen.progress.push(p));
    new MutationObserver(() => {
      seen.bar ||= document.querySelector('progress[aria-label="Bulk action progress"]') !== null;
    }).observe(document.body, { subtree: true, childList: true });
  });

  await page.getByRole('group', { name: 'Bulk actions' }).getByRole('button', { name: 'Move to stage…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move leads to a stage' });
  await dialog.getByLabel('Stage').selectOption('viewing');
  expect(await unnamedControls(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Move 4 leads' }).click();
  await expect(page.getByTestId('bulk-summary')).toHaveText('Moved 4 leads to Viewing.');
  const seen = await page.evaluate(() => (window as unknown as { bulkSeen: { progress: { done: number; total: number }[]; bar: boolean } }).bulkSeen);
  expect(seen.bar).toBe(true);
  expect(seen.progress.map((p) => `${p.done}/${p.total}`)).toEqual(['0/4', '4/4']);
  await expect(page.getByTestId('bulk-count')).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Viewing' })).toHaveCount(4);
  await screenshot(page, 'bulk-moved');

  expect(await boardCounts(page)).toEqual({ new: 2, viewing: 4 });

  // The Undo waits in the table while the user looks at the board, and after a reload:
  // the core remembers the last action that was not undone.
  await page.reload();
  await page.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByTestId('bulk-summary')).toHaveText('Moved 4 leads to Viewing.');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('bulk-undone')).toHaveText('Undone: 4 leads put back.');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
  expect(await boardCounts(page)).toEqual({ new: 6, viewing: 0 });

  // A manager also reassigns from the bar.
  await page.getByRole('link', { name: 'Leads' }).click();
  await page.getByRole('checkbox', { name: 'Select Bulk Two' }).click();
  await page.getByRole('button', { name: 'Reassign…' }).click();
  const reassign = page.getByRole('dialog', { name: 'Reassign leads' });
  await reassign.getByLabel('New owner').selectOption({ label: 'Omar' });
  await reassign.getByRole('button', { name: 'Reassign 1 lead' }).click();
  await expect(page.getByTestId('bulk-summary')).toHaveText('Reassigned 1 lead to Omar.');
  await expect(rows.filter({ hasText: 'Bulk Two' })).toContainText('Omar');
});

test('"select all matching" acts on the whole filter: export it, delete it, and undo', async ({ office }) => {
  const omar = await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: omar });
  await page.getByRole('link', { name: 'Leads' }).click();
  await createLeads(page, ['Expo Karim', 'Expo Sara', 'Expo Laila', 'Walk-in Nour']);
  const rows = page.locator('[role="row"][data-lead-id]');
  await expect(rows).toHaveCount(4);
  await page.getByLabel('Search leads').fill('expo');
  await expect(rows).toHaveCount(3);

  // One ticked, then the whole filter.
  await page.getByRole('checkbox', { name: 'Select Expo Sara' }).click();
  await page.getByRole('button', { name: 'Select all 3 leads matching' }).click();
  await expect(page.getByTestId('bulk-count')).toHaveText('All 3 leads matching selected');
  // Agents do not reassign.
  await expect(page.getByRole('button', { name: 'Reassign…' })).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await new Promise<string>((resolve, reject) => {
    void file.createReadStream().then((stream) => {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    });
  });
  expect(csv.split('\n').slice(1, 4).map((line) => line.split(',')[0])).toEqual(['Expo Karim', 'Expo Sara', 'Expo Laila']);
  expect(csv).toContain("'+20101000");

  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete leads' });
  await expect(dialog).toContainText('Delete 3 leads?');
  await dialog.getByRole('button', { name: 'Delete 3 leads' }).click();
  await expect(page.getByTestId('bulk-summary')).toHaveText('Deleted 3 leads.');
  await expect(rows).toHaveCount(0);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('bulk-undone')).toHaveText('Undone: 3 leads put back.');
  await expect(rows).toHaveCount(3);
});
