import { expect, type Page } from '@playwright/test';

/** Creates a lead with the N dialog, the way an agent does. */
export async function newLead(page: Page, name: string, phone: string): Promise<void> {
  await page.locator('body').press('n');
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Phone').first().fill(phone);
  await dialog.getByRole('button', { name: /^(Save lead|Save anyway)$/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('lead-workspace')).toContainText(name);
}

/** Replaces the open lead's notes and saves, as typed in the lead workspace. */
export async function editNotes(page: Page, text: string): Promise<void> {
  const workspace = page.getByTestId('lead-workspace');
  await expect(workspace).toBeVisible();
  const notes = workspace.getByRole('textbox', { name: /^Notes/ });
  await notes.fill(text);
  await workspace.getByRole('button', { name: /^Save( Ctrl Enter)?$/ }).click();
  await expect(notes).toHaveValue(text);
}
