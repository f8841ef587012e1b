import { BIG_OFFICE_LEADS, expect, numberIn, screenshot, test } from './fixtures';

test.describe('search over the 100K-lead office', () => {
  test('finds a lead by the last digits of its phone and by an Arabic name typed without hamza', async ({ bigOfficeComputer }) => {
    const { page } = bigOfficeComputer;
    await page.goto(bigOfficeComputer.host.url + '#/leads');
    await expect.poll(() => numberIn(page, 'lead-total'), { timeout: 20_000 }).toBe(BIG_OFFICE_LEADS);
    await screenshot(page, 'table');

    // Pick a real lead of the office to look for (the page reads the same core the UI does).
    const target = await page.evaluate(async () => {
      const result = await window.crm.leads.list({ sort: 'name', limit: 1, search: 'أحمد' });
      if (!result.ok || !result.value.items[0]) throw new Error('no Arabic-named lead in the fixture');
      const lead = result.value.items[0];
      return { name: lead.name, phone: lead.phones[0]!.e164!, id: lead.id };
    });

    const search = page.getByLabel('Search leads');
    // An agent remembers "it ended in 4567…": the last seven digits.
    await search.fill(target.phone.slice(-7));
    await expect(page.locator(`[role="row"][data-lead-id="${target.id}"]`)).toBeVisible();
    expect(await numberIn(page, 'lead-total')).toBeLessThan(20);

    // Typed without the hamza on the alef (احمد for أحمد), as most people type it.
    const plain = target.name.replace('أ', 'ا');
    await search.fill(plain);
    await expect(page.locator(`[role="row"][data-lead-id="${target.id}"]`)).toBeVisible();
    const total = await numberIn(page, 'lead-total');
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(BIG_OFFICE_LEADS / 10);
    const rows = page.locator('[role="row"][data-lead-id]');
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/أحمد|احمد/);
  });
});
