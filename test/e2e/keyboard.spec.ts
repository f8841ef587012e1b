import { expect, test } from './fixtures';
import { unnamedControls } from './support/accessibility';

test('every view names its controls, and the whole day works from the keyboard', async ({ office }) => {
  const mona = await office.addUser('Mona Saleh', 'manager');
  const { page } = await office.computer('laptop', { signedInAs: mona });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');

  // ? lists the shortcuts.
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('New lead');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // N, type, Enter: a lead without touching the mouse.
  await page.locator('body').press('n');
  await page.keyboard.type('Keyboard Kamal');
  await page.getByRole('dialog', { name: 'New lead' }).getByLabel('Phone', { exact: true }).focus();
  await page.keyboard.type('01055501234');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lead-workspace')).toContainText('Keyboard Kamal');
  expect(await unnamedControls(page)).toEqual([]);

  // L logs a call on the open lead.
  await page.locator('body').press('l');
  const call = page.getByRole('dialog', { name: 'Log a call' });
  await expect(call).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // g then b / l / i moves between views; each names everything it shows.
  for (const [key, marker] of [
    ['b', '[data-stage="new"]'],
    ['l', 'input[type="search"]'],
    ['i', 'text=Needs attention'],
  ] as const) {
    await page.locator('body').press('Escape');
    await page.locator('body').press('g');
    await page.locator('body').press(key);
    await expect(page.locator(marker).first()).toBeVisible();
    expect(await unnamedControls(page), `view ${key}`).toEqual([]);
  }

  // Ctrl+K finds the lead and Enter opens it.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Keyboard Kam');
  await expect(page.getByRole('option', { name: /Keyboard Kamal/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lead-workspace')).toContainText('Keyboard Kamal');

  // Tab reaches controls and the focused one is visibly outlined.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return el === document.body ? 'none' : style.outlineStyle;
  });
  expect(outline).not.toBe('none');
});
