import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { openLeadInWindow, showFollowUpNotification } from '../../main/electron/reminders';
import { Notification } from '../support/electron-stand-in';

const LEAD = '0190c8a2-7b3c-7d4e-8f5a-123456789012';
const due = { leadId: LEAD, leadName: 'Mona Adel', title: 'Send the villa brochure', dueAt: '2026-03-01T07:30:00.000Z', count: 1 };

afterEach(() => {
  Notification.shown.length = 0;
  Notification.supported = true;
});

/** A window as far as opening a lead uses it. */
function fakeWindow() {
  const seen = { restored: 0, focused: 0, scripts: [] as string[] };
  const window = {
    isDestroyed: () => false,
    isMinimized: () => true,
    restore: () => seen.restored++,
    show: () => {},
    focus: () => seen.focused++,
    webContents: { executeJavaScript: (code: string) => (seen.scripts.push(code), Promise.resolve()) },
  };
  return { window: window as unknown as BrowserWindow, seen };
}

describe('the desktop notification for a due follow-up', () => {
  it('names the lead and the follow-up; clicking it opens that lead', () => {
    const opened: string[] = [];
    showFollowUpNotification(due, { openLead: (id) => opened.push(id) }, new Date('2026-03-01T08:00:00Z'));
    expect(Notification.shown).toHaveLength(1);
    const [shown] = Notification.shown;
    expect(shown!.options.title).toBe('Follow-up due: Mona Adel');
    expect(shown!.options.body).toContain('Send the villa brochure');
    expect(opened).toEqual([]);
    shown!.emit('click');
    expect(opened).toEqual([LEAD]);
  });

  it('several due together make one notification with the count', () => {
    showFollowUpNotification({ ...due, count: 4 }, { openLead: () => {} });
    expect(Notification.shown.map((n) => n.options.title)).toEqual(['4 follow-ups are due']);
  });

  it('shows nothing where the OS has no notifications', () => {
    Notification.supported = false;
    expect(showFollowUpNotification(due, { openLead: () => {} })).toBeNull();
    expect(Notification.shown).toEqual([]);
  });

  it('opening the lead brings the window back and changes only the page\'s hash', () => {
    const { window, seen } = fakeWindow();
    openLeadInWindow(window, LEAD);
    expect(seen).toEqual({ restored: 1, focused: 1, scripts: [`window.location.hash = "#/lead/${LEAD}"`] });
  });

  it('refuses anything but a record id, so nothing else reaches the page as script', () => {
    const { window, seen } = fakeWindow();
    for (const hostile of ['"; alert(1); "', `${LEAD}"; fetch("x`, '', '../../etc', LEAD.toUpperCase()]) openLeadInWindow(window, hostile);
    expect(seen.scripts).toEqual([]);
  });
});
