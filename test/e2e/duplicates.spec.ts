import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { unnamedControls } from './support/accessibility';

/** Writes a lead with a call or a note through the contract (the merge is what is under test). */
async function leadWithHistory(
  page: Page,
  lead: { name: string; phones: string[]; email?: string; source: string; notes: string },
  history: { call?: string; note?: string },
): Promise<string> {
  return page.evaluate(
    async ({ lead, history }) => {
      const created = await window.crm.leads.create(lead);
      if (!created.ok) throw new Error(created.error.message);
      const id = created.value.id;
      if (history.call) await window.crm.calls.log({ leadId: id, outcome: 'answered', durationSeconds: 90, note: history.call });
      if (history.note) await window.crm.notes.add({ leadId: id, body: history.note });
      return id;
    },
    { lead, history },
  );
}

async function syncNow(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const result = await window.crm.sync.now({});
    if (!result.ok) throw new Error(result.error.message);
  });
}

test('a manager merges a possible duplicate, picking fields from each lead; the survivor keeps both timelines', async ({ office }) => {
  const mona = await office.addUser('Mona', 'manager');
  const omar = await office.addUser('Omar', 'agent');
  const laptop = await office.computer('omar-laptop', { signedInAs: omar });
  const desk = await office.computer('mona-desk', { signedInAs: mona });

  // Omar enters the client first on his laptop; Mona enters him again at the desk.
  const omarsLead = await leadWithHistory(
    laptop.page,
    { name: 'Mohamed Adel', phones: ['01012345678'], source: 'facebook', notes: 'Asked for three bedrooms' },
    { call: 'Wants to see the Maadi flat' },
  );
  await syncNow(laptop.page);
  const monasLead = await leadWithHistory(
    desk.page,
    { name: 'Mohammed Adel', phones: ['+20 10 1234 5678', '01199998888'], email: 'mohammed.adel@example.com', source: 'referral', notes: 'Prefers a garden' },
    { note: 'Referred by Dina Farouk' },
  );
  await syncNow(desk.page);

  // Only managers get the list; agents do not see it in the navigation.
  await expect(laptop.page.locator('.topbar')).toBeVisible();
  await expect(laptop.page.getByRole('link', { name: 'Possible duplicates' })).toHaveCount(0);

  await desk.page.getByRole('link', { name: 'Possible duplicates' }).click();
  const pair = desk.page.getByTestId('duplicate-pair');
  await expect(pair).toHaveCount(1);
  await expect(pair).toContainText('Same phone');
  await expect(pair).toContainText('Similar name');
  await expect(pair).toContainText('Mohamed Adel');
  await expect(pair).toContainText('Mohammed Adel');
  await screenshot(desk.page, 'possible-duplicates');

  await pair.getByRole('button', { name: 'Merge…' }).click();
  const dialog = desk.page.getByRole('dialog', { name: 'Merge leads' });
  // Both leads are new: the older one (Omar's) stays unless the manager says otherwise.
  await expect(dialog.getByRole('radio', { name: /Keep Mohamed Adel/ })).toBeChecked();
  // The empty email and both phone lists start filled from the other lead.
  await expect(dialog.getByRole('radiogroup', { name: 'Email' }).getByRole('radio', { name: /^Mohammed Adel: / })).toBeChecked();
  await expect(dialog.getByRole('radiogroup', { name: 'Phones' }).getByRole('radio', { name: /^Both: / })).toBeChecked();
  // The manager takes Mona's spelling of the name and her source, and keeps only Omar's notes.
  await dialog.getByRole('radiogroup', { name: 'Name' }).getByRole('radio', { name: 'Mohammed Adel: Mohammed Adel' }).check();
  await dialog.getByRole('radiogroup', { name: 'Source' }).getByRole('radio', { name: 'Mohammed Adel: referral' }).check();
  await dialog.getByRole('radiogroup', { name: 'Notes' }).getByRole('radio', { name: 'Mohamed Adel: Asked for three bedrooms' }).check();
  await expect(dialog).toContainText("calls, notes and follow-ups move to Mohamed Adel");
  expect(await unnamedControls(desk.page)).toEqual([]);
  await screenshot(desk.page, 'merge-dialog');
  await dialog.getByRole('button', { name: 'Merge into Mohamed Adel' }).click();
  await expect(dialog).toBeHidden();

  await expect(desk.page.getByRole('status').filter({ hasText: "Merged: Mohammed Adel now holds both leads' history." })).toBeVisible();
  await expect(desk.page.getByText('No possible duplicates.')).toBeVisible();
  await desk.page.getByRole('button', { name: 'Open Mohammed Adel' }).click();

  const workspace = desk.page.getByTestId('lead-workspace');
  await expect(workspace.getByRole('heading', { name: 'Mohammed Adel' })).toBeVisible();
  await expect(desk.page).toHaveURL(new RegExp(`#/lead/${omarsLead}/duplicates$`));
  await expect(workspace.getByRole('textbox', { name: /^Source/ })).toHaveValue('referral');
  await expect(workspace.getByRole('textbox', { name: /^Email/ })).toHaveValue('mohammed.adel@example.com');
  await expect(workspace.getByRole('textbox', { name: /^Notes/ })).toHaveValue('Asked for three bedrooms');
  await expect(workspace.getByRole('textbox', { name: /^Phone/ })).toHaveCount(2);
  // Both timelines: Omar's call, Mona's note, and the merge itself.
  const timeline = desk.page.getByTestId('timeline-entry');
  await expect(timeline.filter({ hasText: 'Wants to see the Maadi flat' })).toBeVisible();
  await expect(timeline.filter({ hasText: 'Referred by Dina Farouk' })).toBeVisible();
  await expect(timeline.filter({ hasText: 'Merged with Mohammed Adel' })).toBeVisible();
  await screenshot(desk.page, 'merged-lead');

  // The merge syncs as ordinary ops: Omar's laptop gets the survivor's picked values and loses the duplicate.
  await syncNow(desk.page);
  await expect
    .poll(
      async () => {
        await syncNow(laptop.page);
        return laptop.page.evaluate(
          async ([survivorId, mergedId]) => {
            const survivor = await window.crm.leads.get({ id: survivorId! });
            const merged = await window.crm.leads.get({ id: mergedId! });
            return [survivor.ok && survivor.value.name, survivor.ok && survivor.value.source, merged.ok ? merged.value.deleted : 'gone'];
          },
          [omarsLead, monasLead],
        );
      },
      { timeout: 20_000 },
    )
    .toEqual(['Mohammed Adel', 'referral', true]);
});

test('the new-lead dialog hints at a similar name more softly than at the same phone', async ({ office }) => {
  const omar = await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: omar });
  await expect(page.locator('.topbar')).toBeVisible();
  await leadWithHistory(page, { name: 'Youssef Kamal', phones: ['01055550000'], source: 'walk-in', notes: '' }, {});

  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('Name').fill('kamal yousef');
  await dialog.getByLabel('Phone', { exact: true }).fill('01055550001');
  await expect(dialog.getByTestId('similar-name-warning')).toContainText('Similar name: Youssef Kamal');
  await expect(dialog.getByTestId('duplicate-warning')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Save lead' })).toBeVisible();

  // The same phone is the stronger warning, and the lead is not listed twice.
  await dialog.getByLabel('Phone', { exact: true }).fill('01055550000');
  await expect(dialog.getByTestId('duplicate-warning')).toContainText('Possible duplicate: Youssef Kamal');
  await expect(dialog.getByTestId('similar-name-warning')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();
});

test('a lead says when it may be the same person as another, and either merges or sets them apart', async ({ office }) => {
  const omar = await office.addUser('Omar', 'agent');
  const { page } = await office.computer('laptop', { signedInAs: omar });
  await expect(page.locator('.topbar')).toBeVisible();
  const first = await leadWithHistory(page, { name: 'Karim Fathy', phones: ['01066660000'], source: 'walk-in', notes: '' }, { note: 'wants a villa' });
  const second = await leadWithHistory(page, { name: 'Kareem Fathy', phones: ['01066660000'], source: 'facebook', notes: '' }, {});
  const third = await leadWithHistory(page, { name: 'Karim Fathi', phones: ['01077770000'], source: 'referral', notes: '' }, {});

  // Set apart: the hint goes, and stays gone when the lead is opened again.
  await page.goto(`${page.url().split('#')[0]}#/lead/${third}`);
  const banner = page.locator('.duplicate-banner');
  await expect(banner).toContainText('Possibly the same person as Karim Fathy');
  await banner.getByRole('button', { name: 'Not the same person' }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('lead-workspace')).toContainText('Karim Fathi');
  await expect(banner).toHaveCount(0);

  // Merge from the lead itself: the agent owns both, so the button is there.
  await page.goto(`${page.url().split('#')[0]}#/lead/${second}`);
  await expect(banner).toContainText('Karim Fathy');
  expect(await unnamedControls(page)).toEqual([]);
  await banner.getByRole('button', { name: 'Compare and merge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge leads' });
  await dialog.getByRole('button', { name: /^Merge into / }).click();
  await expect(dialog).toBeHidden();
  const survivorId = await page.evaluate(() => location.hash.split('/')[2]);
  expect([first, second]).toContain(survivorId);
  await expect(page.getByTestId('lead-workspace')).toContainText('wants a villa');
  await expect(page.locator('.duplicate-banner')).toHaveCount(0);
});
