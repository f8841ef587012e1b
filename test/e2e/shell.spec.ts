import { expect, numberIn, screenshot, test, type Computer } from './fixtures';

type Page = Computer['page'];

async function signIn(page: Page, serverUrl: string, token: string) {
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Queues a lead through the contract, as the New lead dialog does. */
async function createLead(page: Page, name: string, phone: string): Promise<string> {
  return page.evaluate(
    async ({ name, phone }) => {
      const result = await window.crm.leads.create({ name, phones: [phone] });
      if (!result.ok) throw new Error(result.error.message);
      return result.value.id;
    },
    { name, phone },
  );
}

test('first run: a wrong token is refused with the reason, the right one opens the app', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const { page } = await office.computer('new-laptop');
  await expect(page.getByRole('heading', { name: 'Welcome to Fieldline' })).toBeVisible();
  await expect(page.getByText('You can still sign in and start working')).toBeVisible();

  await signIn(page, 'crm.example.com', 'short');
  await expect(page.getByText('Must be an http:// or https:// address.')).toBeVisible();
  await expect(page.getByText('A token is at least 8 characters.')).toBeVisible();

  await signIn(page, office.server.url, 'not-the-right-token');
  await expect(page.getByRole('alert')).toContainText('did not accept this token');
  await screenshot(page, 'sign-in');

  await signIn(page, office.server.url, mona.token);
  await expect(page.locator('.user-menu')).toContainText('Mona Saleh');
  await expect(page.locator('.user-menu')).toContainText('Agent');
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(page.getByTestId('pending-count')).toHaveText('0');
  await expect(status).toContainText('Last synced');
});

test('signing in without a connection works, and the first sync confirms who you are', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const { page } = await office.computer('field-laptop');
  await office.server.stop();
  await signIn(page, office.server.url, mona.token);
  await expect(page.locator('.user-menu')).toContainText('Not yet confirmed by the server');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', /offline|error/, { timeout: 20_000 });

  await office.server.start();
  await expect(page.locator('.user-menu')).toContainText('Mona Saleh', { timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
});

test('signing out with unsent work asks first, and the work syncs after the next sign-in', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const { page } = await office.computer('mona-laptop', { signedInAs: mona });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await office.server.stop();
  await createLead(page, 'Offline Buyer', '01012345001');
  await expect(page.getByTestId('pending-count')).toHaveText('1');

  await page.getByRole('button', { name: 'Sign out' }).click();
  const confirm = page.getByRole('dialog', { name: 'Sign out with unsent changes?' });
  await expect(confirm).toContainText('1 change has not reached the server yet');
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('sync-status')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign out anyway' }).click();
  await expect(page.getByLabel('Server address')).toHaveValue(office.server.url);

  await office.server.start();
  await signIn(page, office.server.url, mona.token);
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
});

test('a delete the server refuses waits in Needs attention, and Discard brings the lead back', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const omar = await office.addUser('Omar Adel', 'agent');
  const monas = await office.computer('mona-laptop', { signedInAs: mona });
  const leadId = await createLead(monas.page, 'Mona Client', '01012345002');
  await expect(monas.page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });

  // Omar sees the branch's lead, and deletes it: only its owner or a manager may.
  const { page } = await office.computer('omar-laptop', { signedInAs: omar });
  await expect
    .poll(() => page.evaluate(async (id) => (await window.crm.leads.get({ id })).ok, leadId), { timeout: 30_000 })
    .toBe(true);
  await page.evaluate(async (id) => void (await window.crm.leads.delete({ id })), leadId);

  await page.getByRole('link', { name: /need(s)? your attention/ }).click({ timeout: 30_000 });
  const parked = page.getByTestId('parked-op');
  await expect(parked).toContainText('Mona Client');
  await expect(parked).toContainText("Only the lead's owner or a manager can delete it.");
  await screenshot(page, 'inbox-parked');

  await parked.getByRole('button', { name: 'Discard' }).click();
  const confirm = page.getByRole('dialog', { name: 'Discard this change?' });
  await expect(confirm).toContainText("goes back to the server's version");
  await confirm.getByRole('button', { name: 'Discard change' }).click();
  await expect(parked).toBeHidden();
  await expect(page.getByText('Nothing needs your attention.')).toBeVisible();
  const deleted = await page.evaluate(async (id) => {
    const result = await window.crm.leads.get({ id });
    return result.ok ? result.value.deleted : null;
  }, leadId);
  expect(deleted).toBe(false);
  await expect.poll(() => numberIn(page, 'pending-count')).toBe(0);
});

test('the command palette finds a lead by name and runs commands from the keyboard', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const { page } = await office.computer('mona-laptop', { signedInAs: mona });
  const leadId = await createLead(page, 'Palette Person', '01012345003');
  await createLead(page, 'Another Lead', '01012345004');

  await page.locator('body').press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search and commands' });
  const search = palette.getByLabel('Search or type a command');
  await expect(search).toBeFocused();
  await search.pressSequentially('Palette Pers');
  await expect(palette.getByRole('option', { name: /Palette Person/ })).toBeVisible();
  await expect(palette.getByRole('option', { name: /Another Lead/ })).toHaveCount(0);
  await screenshot(page, 'command-palette');
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/lead/${leadId}`));
  await expect(palette).toHaveCount(0);

  await page.locator('body').press('Control+k');
  await search.pressSequentially('go to need');
  await expect(palette.getByRole('option')).toHaveText([/Go to Needs attention/]);
  await search.press('Enter');
  await expect(page).toHaveURL(/#\/inbox$/);

  await page.locator('body').press('Control+k');
  await search.pressSequentially('go to');
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', await palette.getByRole('option', { name: /Go to leads/ }).getAttribute('id') ?? '');
  await search.press('Escape');
  await expect(palette).toHaveCount(0);
});
