import { expect, screenshot, test } from './fixtures';

// Three good rows (one Arabic), one without a phone or an email, one repeating a good row's phone.
const CSV = [
  'Name,Mobile,Email,Source',
  'Karim Fathy,01012340001,karim@example.com,Facebook',
  'نور الهدى,01012340002,,Referral',
  'Laila Samir,,laila@example.com,Website',
  'No Contact,,,Website',
  'Karim F.,+20 101 234 0001,,Facebook',
].join('\n');

test('imports a CSV from the top bar, shows what happened, and undoes it', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  const { page, host } = await office.computer('laptop', { signedInAs: mona });
  await page.goto(host.url + '#/leads');
  // The table behind the wizard searches for the Arabic name: nothing yet.
  await page.getByLabel('Search leads').fill('نور');
  const arabicRow = page.locator('[role="row"][data-lead-id]', { hasText: 'نور الهدى' });
  await expect(arabicRow).toHaveCount(0);

  await page.getByRole('button', { name: 'Import CSV' }).click();
  const wizard = page.getByRole('dialog', { name: 'Import leads' });
  await wizard.getByLabel('CSV file').setInputFiles({ name: 'expo-leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await expect(wizard.getByTestId('import-file')).toHaveText('expo-leads.csv: 5 rows');
  await expect(wizard.getByLabel('If a lead already exists')).toHaveValue('skip');
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(wizard.getByTestId('import-summary')).toHaveText('Imported 3, updated 0, skipped 1, rejected 1, flagged 0');
  await expect(wizard.getByTestId('import-rejected')).toContainText('1 row was rejected');
  await expect(wizard.getByTestId('import-rejected')).toContainText(/import-reports.*expo-leads-\d+\.rejected\.csv/);
  // The table refreshed behind the dialog: the Arabic lead is there.
  await expect(arabicRow).toHaveCount(1);
  await screenshot(page, 'import-summary');

  await wizard.getByRole('button', { name: 'Undo import' }).click();
  await expect(wizard.getByTestId('import-undone')).toContainText('Import undone: 3 leads removed, 0 leads put back.');
  await expect(wizard.getByRole('button', { name: 'Undo import' })).toHaveCount(0);
  await wizard.getByRole('button', { name: 'Done' }).click();
  await expect(wizard).toBeHidden();
  await expect(arabicRow).toHaveCount(0);
  await page.getByLabel('Search leads').fill('Karim');
  await expect(page.locator('[role="row"][data-lead-id]')).toHaveCount(0);
});

test('the command palette opens the import wizard', async ({ office }) => {
  const mona = await office.addUser('Mona', 'agent');
  const { page, host } = await office.computer('laptop', { signedInAs: mona });
  await page.goto(host.url + '#/board');
  // The shortcuts listen once the signed-in app is on screen.
  await expect(page.getByTestId('stage-count-new')).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Search and commands' })).toBeVisible();
  await page.keyboard.type('import');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Import leads' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Import leads' }).getByLabel('CSV file')).toBeFocused();
});
