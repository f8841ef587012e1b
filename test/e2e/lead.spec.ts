import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

/** Creates a lead the way the core would from any screen, and returns its id. */
async function createLead(page: Page, draft: { name: string; phones?: string[]; email?: string }): Promise<string> {
  return page.evaluate(async (d) => {
    const result = await window.crm.leads.create(d);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.id;
  }, draft);
}

async function openLeadPage(page: Page, id: string): Promise<void> {
  await page.evaluate((leadId) => (window.location.hash = `#/lead/${leadId}/leads`), id);
  await expect(page.getByTestId('lead-workspace')).toBeVisible();
}

test('an agent creates a lead, fixes a budget the form refuses, logs a call with a follow-up and adds a note', async ({ office }) => {
  const omar = await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: omar });
  await expect(page.locator('.topbar')).toBeVisible();

  await page.keyboard.press('n');
  const newLead = page.getByRole('dialog', { name: 'New lead' });
  await newLead.getByLabel('Name').fill('Hala Fawzy');
  await newLead.getByLabel('Phone', { exact: true }).fill('0100 555 1234');
  await newLead.getByRole('button', { name: 'Save lead' }).click();
  const workspace = page.getByTestId('lead-workspace');
  await expect(workspace.getByRole('heading', { name: 'Hala Fawzy' })).toBeVisible();
  await expect(workspace.getByRole('link', { name: '+201005551234' })).toHaveAttribute('href', 'tel:+201005551234');

  await workspace.getByLabel('Budget minimum').fill('3000000');
  await workspace.getByLabel('Budget maximum').fill('2000000');
  await workspace.getByRole('button', { name: 'Save' }).click();
  await expect(workspace.getByLabel('Budget maximum')).toHaveAttribute('aria-invalid', 'true');
  await expect(workspace.getByText('The budget maximum is below the minimum.')).toBeVisible();
  await workspace.getByLabel('Budget maximum').fill('4,000,000');
  await workspace.getByLabel('Budget maximum').press('Control+Enter');
  await expect(workspace.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(workspace.getByLabel('Budget maximum')).toHaveValue('4000000');

  await page.getByRole('heading', { name: 'Hala Fawzy' }).click();
  await page.keyboard.press('l');
  const dialog = page.getByRole('dialog', { name: 'Log a call' });
  await expect(dialog.getByRole('link', { name: '+201005551234' })).toHaveAttribute('href', 'tel:+201005551234');
  await expect(dialog.getByRole('timer')).toHaveText(/^0:0[1-9]$/);
  await dialog.getByRole('radio', { name: 'No answer' }).check();
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(dialog.getByLabel('Duration (minutes)')).toHaveValue(/^0:\d\d$/);
  await dialog.getByLabel('Duration (minutes)').fill('2:30');
  await dialog.getByLabel('Call note').fill('Rang twice, will try tomorrow');
  await dialog.getByLabel('Schedule follow-up').check();
  await expect(dialog.getByLabel('Follow-up', { exact: true })).toHaveValue('Call back');
  await expect(dialog.getByLabel('Due')).toHaveValue(/T10:00$/);
  await dialog.getByRole('button', { name: 'Save call' }).click();
  await expect(dialog).toBeHidden();

  const call = page.getByTestId('timeline-entry').filter({ hasText: 'Call: No answer, 2:30' });
  await expect(call).toContainText('Rang twice, will try tomorrow');
  await expect(call).toContainText('you');
  await expect(workspace.locator('.task').filter({ hasText: 'Call back' })).toBeVisible();

  await workspace.getByLabel('Add a note').fill('Prefers WhatsApp in the evening');
  await workspace.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('timeline-entry').first()).toContainText('Prefers WhatsApp in the evening');
  await screenshot(page, 'lead-workspace');

  await page.getByRole('heading', { name: 'Hala Fawzy' }).click();
  await page.keyboard.press('Escape');
  await expect(workspace).toBeHidden();
});

test('the new-lead dialog warns about a lead with the same phone and opens it', async ({ office }) => {
  const omar = await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: omar });
  await expect(page.locator('.topbar')).toBeVisible();
  await createLead(page, { name: 'Karim Adel', phones: ['01012345678'] });

  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('Name').fill('K. Adel');
  await dialog.getByLabel('Phone', { exact: true }).fill('+20 10 1234 5678');
  await expect(dialog.getByTestId('duplicate-warning')).toContainText('Possible duplicate: Karim Adel');
  await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Open Karim Adel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('lead-workspace').getByRole('heading', { name: 'Karim Adel' })).toBeVisible();
});

test('only a manager gets the owner picker, and a value sync replaced can be restored', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  const omar = await office.addUser('Omar', 'agent');
  const desk = await office.computer('desk', { signedInAs: mona });
  const laptop = await office.computer('laptop', { signedInAs: omar });
  await expect(desk.page.locator('.topbar')).toBeVisible();
  const id = await createLead(desk.page, { name: 'Nour Helmy', phones: ['01526416891'], email: 'nour@example.com' });
  await desk.page.evaluate(() => window.crm.sync.now({}));
  await expect
    .poll(() => laptop.page.evaluate(async (leadId) => (await window.crm.leads.get({ id: leadId })).ok, id), { timeout: 20_000 })
    .toBe(true);

  await openLeadPage(desk.page, id);
  await openLeadPage(laptop.page, id);
  await expect(desk.page.getByLabel('Owner')).toBeVisible();
  await expect(laptop.page.getByText('Only a manager can reassign leads')).toBeVisible();
  await expect(laptop.page.getByLabel('Owner')).toHaveCount(0);

  // Both change the source while the office server is down; Omar's arrives last and wins.
  await office.server.stop();
  for (const [page, source] of [
    [desk.page, 'Facebook ad'],
    [laptop.page, 'Walk-in'],
  ] as const) {
    await page.getByLabel('Source').fill(source);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('lead-workspace').getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  }
  await office.server.start();
  await desk.page.evaluate(() => window.crm.sync.now({}));
  const pendingOps = (page: Page) => page.evaluate(() => window.crm.sync.status({}));
  await expect.poll(() => pendingOps(desk.page), { timeout: 20_000 }).toMatchObject({ ok: true, value: { pendingOps: 0 } });
  await laptop.page.evaluate(() => window.crm.sync.now({}));
  await expect.poll(() => pendingOps(laptop.page), { timeout: 20_000 }).toMatchObject({ ok: true, value: { pendingOps: 0 } });

  const marker = desk.page.getByTestId('overridden-source');
  await expect(async () => {
    await desk.page.evaluate(() => window.crm.sync.now({}));
    await expect(marker).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(marker).toContainText('Your value Facebook ad was replaced by Walk-in');
  await screenshot(desk.page, 'lead-overridden-field');
  await marker.getByRole('button', { name: 'Restore' }).click();
  await expect(desk.page.getByLabel('Source')).toHaveValue('Facebook ad');
  await expect(marker).toBeHidden();
});
