import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContractEvents } from '../../shared/contract';

// The renderer is its own TypeScript project; loaded by path so this one does not compile it.
const PAGE_REMINDERS = '../../renderer/src/shell/page-reminders';
let showPageReminder: (due: ContractEvents['followUpDue']) => void;
beforeAll(async () => {
  ({ showPageReminder } = (await import(PAGE_REMINDERS)) as { showPageReminder: typeof showPageReminder });
});

const LEAD = '0190c8a2-7b3c-7d4e-8f5a-123456789012';
const due = { leadId: LEAD, leadName: 'Mona Adel', title: 'Call back', dueAt: '2026-03-01T07:30:00.000Z', count: 1 };

/** The page's Notification API, with the permission the user gave (or not yet). */
function pageWith(userAgent: string, permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const shown: { title: string; body?: string; onclick: (() => void) | null }[] = [];
  const asked: number[] = [];
  class PageNotification {
    static permission = permission;
    static requestPermission = () => {
      asked.push(1);
      PageNotification.permission = answer;
      return Promise.resolve(answer);
    };
    onclick: (() => void) | null = null;
    constructor(
      readonly title: string,
      options: { body?: string },
    ) {
      shown.push(Object.assign(this, { body: options.body }));
    }
    close() {}
  }
  const location = { hash: '#/board' };
  vi.stubGlobal('navigator', { userAgent });
  vi.stubGlobal('Notification', PageNotification);
  vi.stubGlobal('window', { location, focus: () => {} });
  return { shown, asked, location };
}

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const ELECTRON = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Fieldline/0.1.0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36';

afterEach(() => vi.unstubAllGlobals());

describe('reminders in the browser page', () => {
  it('asks for permission on the first due follow-up, then shows it; clicking opens the lead', async () => {
    const page = pageWith(CHROME, 'default');
    showPageReminder(due);
    await Promise.resolve();
    expect(page.asked).toHaveLength(1);
    expect(page.shown.map((n) => n.title)).toEqual(['Follow-up due: Mona Adel']);
    page.shown[0]!.onclick!();
    expect(page.location.hash).toBe(`#/lead/${LEAD}/board`);
  });

  it('shows nothing when the user said no', async () => {
    const page = pageWith(CHROME, 'denied');
    showPageReminder(due);
    await Promise.resolve();
    expect([page.asked.length, page.shown.length]).toEqual([0, 0]);
  });

  it('stays quiet inside the desktop app, where the OS notification already shows it', async () => {
    const page = pageWith(ELECTRON, 'granted');
    showPageReminder(due);
    await Promise.resolve();
    expect(page.shown).toEqual([]);
  });
});
