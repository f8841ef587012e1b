import type { ContractEvents } from '../../../shared/contract';
import { followUpNotice } from '../../../shared/follow-up';
import { openLead } from '../router';

/**
 * Shows a due follow-up with the page's own notifications (the app in a browser, over
 * the browser host), asking for permission the first time one is due. Clicking it
 * opens the lead. In the desktop app the main process shows an OS notification for the
 * same event, so the page stays quiet there rather than remind twice.
 */
export function showPageReminder(due: ContractEvents['followUpDue']): void {
  if (navigator.userAgent.includes('Electron') || typeof Notification === 'undefined') return;
  const show = () => {
    const { title, body } = followUpNotice(due, new Date());
    const notification = new Notification(title, { body, tag: `fieldline-follow-up-${due.leadId}` });
    notification.onclick = () => {
      window.focus();
      openLead(due.leadId);
      notification.close();
    };
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') {
    void Notification.requestPermission().then((permission) => {
      if (permission === 'granted') show();
    });
  }
}
