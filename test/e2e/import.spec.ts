import { expect, screenshot, test } from './fixtures';

// Three good rows (one Arabic), one without a phone or an email, one repeating a good row's phone.
// "Cell No" is no header name Fieldline knows: the user maps it to the phone.
const CSV = [
  'Name,Cell No,Email,Source',
  'Karim Fathy,01012340001,karim@example.com,Facebook',
  'نور الهدى,01012340002,,Referral',
  'Laila Samir,,laila@example.com,Website',
  'No Contact,,,Website',
  'Karim F.,+20 101 234 0001,,Facebook',
].join('\n');

test('imports a CSV from the top bar with a column mapped by hand, shows progress and what happened, and undoes it', async ({ office }) => {
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
  // The mapping step: each column with an example and the field the core guessed for it.
  const columns = wizard.getByRole('group', { name: 'Columns' });
  await expect(columns.getByLabel('Name', { exact: true })).toHaveValue('name');
  await expect(columns.getByLabel('Email', { exact: true })).toHaveValue('email');
  await expect(columns.getByLabel('Source', { exact: true })).toHaveValue('source');
  const cell = columns.getByLabel('Cell No', { exact: true });
  await expect(cell).toHaveValue('');
  await expect(columns.getByRole('row', { name: /^Cell No/ })).toContainText('01012340001');
  await cell.selectOption({ label: 'Phone' });
  await expect(wizard.getByLabel('If a lead already exists')).toHaveValue('skip');
  await screenshot(page, 'import-mapping');
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();

  // The bar the core's progress events moved ends full, beside the exact summary.
  await expect(wizard.getByTestId('import-progress-text')).toHaveText('5 of 5 rows read');
  await expect(wizard.getByRole('progressbar', { name: 'Import progress' })).toHaveJSProperty('value', 5);
  await expect(wizard.getByRole('progressbar', { name: 'Import progress' })).toHaveJSProperty('max', 5);
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

  // The same columns next time: mapped as the user mapped them.
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await wizard.getByLabel('CSV file').setInputFiles({ name: 'expo-day-2.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await expect(wizard.getByRole('group', { name: 'Columns' }).getByLabel('Cell No', { exact: true })).toHaveValue('phone');
  await expect(wizard.getByRole('group', { name: 'Columns' })).toContainText('Mapped as you mapped these columns last time.');
});

test('a file with no name column cannot be imported until one is mapped', async ({ office }) => {
  const mona = await office.addUser('Mona', 'agent');
  const { page, host } = await office.computer('laptop', { signedInAs: mona });
  await page.goto(host.url + '#/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const wizard = page.getByRole('dialog', { name: 'Import leads' });
  // Semicolons, as Excel saves CSV where the decimal mark is a comma; "Kunde" is no header Fieldline knows.
  const csv = 'Kunde;Mobile;Budget\nHala Fawzy;0100 555 1001;1,500,000\n';
  await wizard.getByLabel('CSV file').setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(wizard.getByTestId('import-delimiter')).toHaveText('Cells are separated by semicolons.');
  await expect(wizard.getByTestId('import-mapping-problem')).toHaveText('Choose the column that holds the name.');
  const importButton = wizard.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();
  await wizard.getByLabel('Kunde', { exact: true }).selectOption('name');
  await expect(wizard.getByTestId('import-mapping-problem')).toHaveCount(0);
  await importButton.click();
  await expect(wizard.getByTestId('import-summary')).toHaveText('Imported 1, updated 0, skipped 0, rejected 0, flagged 0');
  await wizard.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Search leads').fill('Hala');
  await expect(page.locator('[role="row"][data-lead-id]', { hasText: 'Hala Fawzy' })).toHaveCount(1);
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
