import { expect, numberIn, screenshot, test, type Computer } from './fixtures';
import { editNotes, newLead } from './support/lead-actions';

test('work done offline waits in the queue, then reaches the server and a colleague', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const omar = await office.addUser('Omar Adel', 'agent');
  const { page } = await office.computer('mona-laptop', { signedInAs: mona });
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('pending-count')).toHaveText('0');

  await office.server.stop(); // the basement: no signal
  await newLead(page, 'Basement Buyer', '01012340001');
  await expect(status).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  const afterOne = await numberIn(page, 'pending-count');
  expect(afterOne).toBeGreaterThanOrEqual(1);
  await newLead(page, 'Second Basement Buyer', '01012340002');
  await expect.poll(() => numberIn(page, 'pending-count')).toBeGreaterThan(afterOne);
  await page.getByRole('textbox', { name: 'Add a note' }).fill('Wants a garden flat in Maadi');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Wants a garden flat' })).toContainText('Not synced yet');

  await office.server.start(); // signal is back
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-state', 'online');
  const note = page.getByTestId('timeline-entry').filter({ hasText: 'Wants a garden flat' });
  await expect(note).not.toContainText('Not synced yet');
  // Synced, it still says it was written in the basement.
  await expect(note).toContainText('Made offline');

  // Omar, same branch, on his own laptop, sees Mona's offline work.
  const other = await office.computer('omar-laptop', { signedInAs: omar });
  await other.page.goto(other.host.url + '#/leads');
  await other.page.getByLabel('Search leads').fill('Basement');
  await expect(other.page.getByRole('row').filter({ hasText: 'Second Basement Buyer' })).toBeVisible({ timeout: 20_000 });
  await expect(other.page.getByRole('row').filter({ hasText: /^Basement Buyer|Basement Buyer/ }).first()).toBeVisible();
});

test('a note replaced by a colleague\'s later edit shows in the inbox, and one click restores it', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'agent');
  const omar = await office.addUser('Omar Adel', 'agent');
  const monas = await office.computer('mona-laptop', { signedInAs: mona });
  await newLead(monas.page, 'Villa Seeker', '01099990001');
  await drained(monas.page);

  // Omar gets the lead, then edits its notes while the server is down, and closes his laptop.
  const omars = await office.computer('omar-laptop', { signedInAs: omar });
  await omars.page.goto(omars.host.url + '#/leads');
  await omars.page.getByLabel('Search leads').fill('Villa Seeker');
  await omars.page.getByRole('row').filter({ hasText: 'Villa Seeker' }).click();
  await office.server.stop();
  await editNotes(omars.page, 'Omar: client prefers Zayed now');
  await expect.poll(() => numberIn(omars.page, 'pending-count')).toBeGreaterThan(0);
  await omars.host.stop();

  // Mona edits the same notes and her edit reaches the server first.
  await office.server.start();
  await editNotes(monas.page, 'Mona: budget 4M, Maadi only');
  await drained(monas.page);

  // Omar's laptop comes back: his later edit wins the notes field, by the written rule.
  await omars.host.start();
  await omars.page.goto(omars.host.url);
  await drained(omars.page);

  // Mona's replaced text is not lost: it is in her inbox, with who and which rule.
  await monas.page.goto(monas.host.url.split('?')[0] + '#/inbox');
  const conflict = monas.page.getByTestId('conflict').filter({ hasText: 'Mona: budget 4M, Maadi only' });
  await expect(conflict).toBeVisible({ timeout: 30_000 });
  await expect(conflict).toContainText('Omar: client prefers Zayed now');
  await expect(conflict).toContainText('Omar Adel');
  await screenshot(monas.page, 'inbox');
  await conflict.getByRole('button', { name: 'Restore' }).click();
  await expect(conflict).toBeHidden();
  const lead = await monas.page.evaluate(async () => {
    const page = await window.crm.leads.list({ search: 'Villa Seeker' });
    return page.ok ? page.value.items[0]?.notes : null;
  });
  expect(lead).toBe('Mona: budget 4M, Maadi only');
  await expect(monas.page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
});

/** Waits until this computer's outbox is empty (the status bar may lag a write by a moment). */
async function drained(page: Computer['page']) {
  await expect
    .poll(() => page.evaluate(async () => {
      const ops = await window.crm.outbox.list({});
      return ops.ok ? ops.value.length : -1;
    }), { timeout: 30_000 })
    .toBe(0);
  await expect(page.getByTestId('pending-count')).toHaveText('0');
}
