import type { Page } from '@playwright/test';
import { BIG_OFFICE_LEADS, expect, numberIn, screenshot, test } from './fixtures';

const leadRows = (page: Page) => page.locator('[role="row"][data-lead-id]');
const selectedRow = (page: Page) => page.locator('[role="row"][data-lead-id][aria-selected="true"]');

test.describe('the leads table', () => {
  test('walks 100K leads page by page from the keyboard, opens one and comes back to it', async ({ bigOfficeComputer }) => {
    const { page } = bigOfficeComputer;
    await page.goto(bigOfficeComputer.host.url + '#/leads');
    await expect.poll(() => numberIn(page, 'lead-total'), { timeout: 20_000 }).toBe(BIG_OFFICE_LEADS);
    const grid = page.getByRole('grid', { name: 'Leads' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(BIG_OFFICE_LEADS + 1));
    // Only what fits on screen is in the page, not 100K rows.
    expect(await leadRows(page).count()).toBeLessThan(80);

    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await expect(selectedRow(page)).toHaveAttribute('aria-rowindex', '2');
    // End goes to the last loaded row; the next page loads as it comes into view, so End again goes further.
    let deepest = 2;
    for (let i = 0; i < 4; i++) {
      await expect(async () => {
        await page.keyboard.press('End');
        expect(Number(await selectedRow(page).getAttribute('aria-rowindex'))).toBeGreaterThan(deepest);
      }).toPass();
      deepest = Number(await selectedRow(page).getAttribute('aria-rowindex'));
    }
    expect(deepest).toBeGreaterThan(300);
    await page.keyboard.press('PageUp');
    const id = (await selectedRow(page).getAttribute('data-lead-id'))!;
    await expect(selectedRow(page)).toBeInViewport();

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/lead/${id}`));
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/#\/leads$/);
    // Back where the user was: the same lead selected and in view, and the arrows carry on from it.
    await expect(selectedRow(page)).toHaveAttribute('data-lead-id', id);
    await expect(selectedRow(page)).toBeInViewport();
    await page.keyboard.press('ArrowDown');
    await expect(selectedRow(page)).not.toHaveAttribute('data-lead-id', id);
    await screenshot(page, 'leads-table-deep');
  });

  test('filters, sorts, saves a view, and shows a lead added meanwhile', async ({ office }) => {
    const mona = await office.addUser('Mona', 'agent');
    const { page, host } = await office.computer('laptop', { signedInAs: mona });
    await page.goto(host.url + '#/leads');
    const added = await page.evaluate(async () => {
      const create = async (draft: Parameters<typeof window.crm.leads.create>[0]) => {
        const result = await window.crm.leads.create(draft);
        if (!result.ok) throw new Error(result.error.message);
        return result.value.id;
      };
      const hana = await create({ name: 'Hana Viewing', phones: ['01011112222'], stage: 'viewing' });
      await create({ name: 'Adel Viewing', phones: ['01033334444'], stage: 'viewing' });
      await create({ name: 'Basma New', email: 'basma@example.com' });
      await create({ name: 'Tamer Won', phones: ['01055556666'], stage: 'closed', outcome: 'won' });
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      await window.crm.tasks.create({ leadId: hana, title: 'Call back about the flat', dueAt: yesterday });
      return { hana };
    });
    await expect.poll(() => numberIn(page, 'lead-total')).toBe(4);
    await expect(page.locator('[role="row"]', { hasText: 'Tamer Won' })).toContainText('Won');

    await page.getByLabel('Stage').selectOption({ label: 'Viewing' });
    await expect.poll(() => numberIn(page, 'lead-total')).toBe(2);
    await expect(leadRows(page)).toHaveCount(2);

    await page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(leadRows(page).first()).toContainText('Adel Viewing');

    await page.getByLabel('Follow-up').selectOption({ label: 'Overdue' });
    await expect(leadRows(page)).toHaveCount(1);
    await expect(page.locator(`[data-lead-id="${added.hana}"]`)).toContainText('(overdue)');

    // Save the narrowed table under a name; "All leads" undoes it; the view brings it back.
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    await page.getByLabel('View name').fill('Overdue viewings');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByLabel('Saved view')).toHaveValue(/.+/);
    await page.getByLabel('Saved view').selectOption({ label: 'All leads' });
    await expect.poll(() => numberIn(page, 'lead-total')).toBe(4);
    await page.getByLabel('Saved view').selectOption({ label: 'Overdue viewings' });
    await expect(page.getByLabel('Stage')).toHaveValue('viewing');
    await expect(page.getByLabel('Follow-up')).toHaveValue('overdue');
    await expect(leadRows(page)).toHaveCount(1);
    await screenshot(page, 'leads-table-view');
    await page.getByRole('button', { name: 'Delete view Overdue viewings' }).click();
    await expect(page.getByLabel('Saved view').locator('option', { hasText: 'Overdue viewings' })).toHaveCount(0);

    await page.getByLabel('Search leads').fill('no such lead anywhere');
    await expect(page.getByText('No leads match')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => numberIn(page, 'lead-total')).toBe(4);

    // Another window (or sync) adds a lead: the table shows it without being asked.
    await page.evaluate(() => window.crm.leads.create({ name: 'Aya Arrived Later', phones: ['01077778888'] }));
    await expect.poll(() => numberIn(page, 'lead-total')).toBe(5);
    await expect(page.locator('[role="row"][data-lead-id]', { hasText: 'Aya Arrived Later' })).toBeVisible();
  });
});
