import type { Page } from '@playwright/test';

/** Controls on screen that a screen reader could not name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: HTMLElement) =>
      Boolean(
        el.getAttribute('aria-label')?.trim() ||
          el.getAttribute('aria-labelledby') ||
          el.getAttribute('title')?.trim() ||
          ((el as HTMLInputElement).labels?.length ?? 0) > 0 ||
          (el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent?.trim() : ''),
      );
    return Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]'))
      .filter((el) => el.getClientRects().length > 0 && (el as HTMLInputElement).type !== 'hidden')
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}
