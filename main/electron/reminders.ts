import { Notification, type BrowserWindow } from 'electron';
import type { ContractEvents } from '../../shared/contract';
import { followUpNotice } from '../../shared/follow-up';
import { focusWindow } from './windows';

export type FollowUpDue = ContractEvents['followUpDue'];

export interface FollowUpActions {
  /** Brings the app forward on the lead's workspace (a window may need opening first). */
  openLead(leadId: string): void;
}

/**
 * Notifications still on screen. Held here because a notification the garbage
 * collector takes loses its click handler while still showing.
 */
const onScreen = new Set<Notification>();

/**
 * Shows the OS notification for a `followUpDue` event from the core; clicking it opens
 * the lead. The text is the one the browser host shows (`followUpNotice`). Returns the
 * notification, or null where the OS has none.
 */
export function showFollowUpNotification(due: FollowUpDue, actions: FollowUpActions, now: Date = new Date()): Notification | null {
  if (!Notification.isSupported()) return null;
  const notification = new Notification(followUpNotice(due, now));
  onScreen.add(notification);
  const forget = () => onScreen.delete(notification);
  notification.on('click', () => {
    forget();
    actions.openLead(due.leadId);
  });
  notification.on('close', forget);
  notification.on('failed', forget);
  notification.show();
  return notification;
}

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Brings the window to the front on the lead's workspace. The renderer routes by the
 * URL hash, so this changes the hash only: no reload, and unsaved input elsewhere in
 * the page is not lost. Anything but a record id is refused (it becomes page script).
 */
export function openLeadInWindow(window: BrowserWindow, leadId: string): void {
  if (!RECORD_ID.test(leadId) || window.isDestroyed()) return;
  focusWindow(window);
  window.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(`#/lead/${leadId}`)}`).catch(() => {
    // The page is gone or loading; the notification's click then only brings the window forward.
  });
}
