import type { Page } from '@playwright/test';
import { STAGES, type Stage } from '../../shared/pipeline';
import { BIG_OFFICE_LEADS, expect, numberIn, screenshot, test } from './fixtures';

const column = (page: Page, stage: Stage) => page.locator(`[data-stage="${stage}"]`);
const card = (page: Page, id: string) => page.locator(`[data-lead-id="${id}"]`);

/** Creates leads through the contract (the board is what is under test, not the New lead dialog). */
async function createLeads(page: Page, drafts: { name: string; phone: string }[]): Promise<string[]> {
  return page.evaluate(async (list) => {
    const ids: string[] = [];
    for (const { name, phone } of list) {
      const result = await window.crm.leads.create({ name, phones: [phone] });
      if (!result.ok) throw new Error(result.error.message);
      ids.push(result.value.id);
    }
    return ids;
  }, drafts);
}

/**
 * Space lifts the focused card; waits until the board shows it lifted, then one task more:
 * dnd-kit's keyboard sensor listens for arrows from a timer it sets at the pick-up, and an
 * arrow pressed before that (no hand is that fast) is lost.
 */
async function lift(page: Page) {
  await page.keyboard.press('Space');
  await expect(page.locator('.column-over')).toHaveCount(1);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Lifts the focused card, carries it right one column per stage named (each step seen landing), and drops it. */
async function carry(page: Page, through: Stage[]) {
  await lift(page);
  for (const stage of through) {
    await page.keyboard.press('ArrowRight');
    await expect(column(page, stage)).toHaveClass(/column-over/);
  }
  await page.keyboard.press('Space');
}

/** Drags with the mouse in small steps, as a hand does (dnd-kit starts a drag after 5px). */
async function drag(page: Page, from: ReturnType<typeof card>, to: ReturnType<typeof column>) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + 40, a.y + 20);
  await page.mouse.down();
  await page.mouse.move(a.x + 50, a.y + 26, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + 200, { steps: 12 });
  await page.mouse.up();
}

test.describe('the pipeline board', () => {
  test('shows 100K leads with counts from the database, and a dropped card lands in its new column', async ({ bigOfficeComputer }) => {
    const { page } = bigOfficeComputer;
    const counts = async () => Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await numberIn(page, `stage-count-${s}`)] as const)));
    await expect.poll(async () => Object.values(await counts()).reduce((a, b) => a + b, 0), { timeout: 20_000 }).toBe(BIG_OFFICE_LEADS);
    for (const stage of STAGES) await expect(column(page, stage)).toHaveAttribute('aria-label', expect.stringMatching(/ column$/));
    // Only what fits on screen is in the page.
    expect(await page.locator('[data-lead-id]').count()).toBeLessThan(150);

    // Scrolling a column down pages in more of its leads.
    const scroller = column(page, 'viewing').locator('.column-scroll');
    for (let i = 0; i < 4; i++) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(200);
    }
    await expect
      .poll(() => column(page, 'viewing').locator('[role="listitem"][aria-posinset]').last().getAttribute('aria-posinset').then(Number))
      .toBeGreaterThan(150);

    // How fast it lands is measured by `npm run bench` (ui_board_move_ms), not asserted here.
    const before = await counts();
    const moving = column(page, 'new').locator('[data-lead-id]').first();
    const id = (await moving.getAttribute('data-lead-id'))!;
    await drag(page, moving, column(page, 'contacted'));
    await expect(column(page, 'contacted').locator(`[data-lead-id="${id}"]`)).toBeVisible();
    expect(await counts()).toEqual({ ...before, new: before.new! - 1, contacted: before.contacted! + 1 });
    await screenshot(page, 'board');

    // Written to the local store: still there after a reload.
    await page.reload();
    await expect(column(page, 'contacted').locator(`[data-lead-id="${id}"]`)).toBeVisible();
    await expect.poll(() => numberIn(page, 'stage-count-contacted')).toBe(before.contacted! + 1);
  });

  test('works from the keyboard alone: move, open, log a call, close as lost', async ({ office }) => {
    const mona = await office.addUser('Mona', 'agent');
    const { page } = await office.computer('laptop', { signedInAs: mona });
    await createLeads(page, [
      { name: 'Hala Keyboard', phone: '01011110001' },
      { name: 'Samir Keyboard', phone: '01011110002' },
    ]);
    await expect(page.getByTestId('stage-count-new')).toHaveText('2');

    // One Tab stop per column: Tab from the navigation reaches the first card of New.
    const focusedInNew = column(page, 'new').locator('[data-lead-id]:focus');
    await page.getByRole('link', { name: 'Needs attention' }).focus();
    for (let i = 0; i < 10 && (await focusedInNew.count()) === 0; i++) await page.keyboard.press('Tab');
    const stays = (await focusedInNew.getAttribute('data-lead-id'))!;
    await page.keyboard.press('ArrowDown');
    await expect(focusedInNew).not.toHaveAttribute('data-lead-id', stays);
    const moves = (await focusedInNew.getAttribute('data-lead-id'))!;
    await expect(card(page, moves)).toContainText(/Hala Keyboard|Samir Keyboard/);

    // Space lifts, arrows carry it a column at a time, Space drops.
    await carry(page, ['contacted', 'viewing']);
    await expect(column(page, 'viewing').locator(`[data-lead-id="${moves}"]`)).toBeFocused();
    await expect(page.getByTestId('stage-count-new')).toHaveText('1');
    await expect(page.getByTestId('stage-count-viewing')).toHaveText('1');

    // Escape puts a lifted card back.
    await lift(page);
    await page.keyboard.press('ArrowLeft');
    await expect(column(page, 'contacted')).toHaveClass(/column-over/);
    await page.keyboard.press('Escape');
    await expect(column(page, 'viewing').locator(`[data-lead-id="${moves}"]`)).toBeFocused();

    // L logs a call on the focused card.
    await page.keyboard.press('l');
    const logCall = page.getByRole('dialog', { name: 'Log a call' });
    await expect(logCall).toContainText((await card(page, moves).locator('.card-name').innerText()).trim());
    await page.keyboard.press('Escape');
    await expect(logCall).toBeHidden();

    // Arrow left lands on the other lead in New; Enter opens it.
    await card(page, moves).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(card(page, stays)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/lead/${stays}`));
    await page.goBack();

    // Dropping on Closed asks won or lost; Cancel leaves the card where it was.
    await card(page, moves).focus();
    await carry(page, ['negotiation', 'closed']);
    const dialog = page.getByRole('dialog', { name: 'Close lead' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(column(page, 'viewing').locator(`[data-lead-id="${moves}"]`)).toBeFocused();
    await expect(page.getByTestId('stage-count-closed')).toHaveText('0');

    await carry(page, ['negotiation', 'closed']);
    await dialog.getByRole('radio', { name: 'Lost' }).check();
    await dialog.getByRole('button', { name: 'Close lead' }).click();
    await expect(dialog.getByLabel('Lost reason')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toContainText('Say why the lead was lost.');
    await dialog.getByLabel('Lost reason').fill('Bought in another compound');
    await dialog.getByRole('button', { name: 'Close lead' }).click();
    await expect(dialog).toBeHidden();
    const closed = column(page, 'closed').locator(`[data-lead-id="${moves}"]`);
    await expect(closed).toBeFocused();
    await expect(closed).toContainText('Lost');
    await expect(page.getByTestId('stage-count-closed')).toHaveText('1');
  });

  test('marks leads that sat too long in their stage as stale', async ({ office }) => {
    const mona = await office.addUser('Mona', 'agent');
    const { page } = await office.computer('laptop', { signedInAs: mona });
    const [waiting, contacted] = await createLeads(page, [
      { name: 'Nadia Waiting', phone: '01022220001' },
      { name: 'Karim Contacted', phone: '01022220002' },
    ]);
    await page.evaluate((id) => window.crm.leads.moveToStage({ id, stage: 'contacted' }), contacted!);
    // Five days later: over New's two-day limit, within Contacted's seven.
    await page.clock.setFixedTime(new Date(Date.now() + 5 * 86_400_000));
    await page.reload();
    await expect(card(page, waiting!)).toHaveAttribute('data-stale', 'true');
    await expect(card(page, waiting!)).toContainText('Stale');
    await expect(card(page, waiting!)).toHaveAttribute('title', /in New for 5 days/);
    await expect(card(page, waiting!)).toContainText('5d in stage');
    await expect(card(page, waiting!)).toContainText('never called');
    await expect(card(page, contacted!)).not.toHaveAttribute('data-stale', 'true');
  });

  test('a lead a colleague moves leaves its column here too', async ({ office }) => {
    const mona = await office.addUser('Mona', 'manager');
    const omar = await office.addUser('Omar', 'agent');
    const monas = await office.computer('mona-laptop', { signedInAs: mona });
    const [id] = await createLeads(monas.page, [{ name: 'Yara Synced', phone: '01033330001' }]);
    await expect(monas.page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
    await expect(column(monas.page, 'new').locator(`[data-lead-id="${id}"]`)).toBeVisible();

    const omars = await office.computer('omar-laptop', { signedInAs: omar });
    await expect(card(omars.page, id!)).toBeVisible({ timeout: 30_000 });
    await drag(omars.page, card(omars.page, id!), column(omars.page, 'negotiation'));
    await expect(column(omars.page, 'negotiation').locator(`[data-lead-id="${id}"]`)).toBeVisible();

    await expect(column(monas.page, 'negotiation').locator(`[data-lead-id="${id}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(column(monas.page, 'new').locator(`[data-lead-id="${id}"]`)).toHaveCount(0);
    await expect(monas.page.getByTestId('stage-count-new')).toHaveText('0');
    await expect(monas.page.getByTestId('stage-count-negotiation')).toHaveText('1');
  });
});
