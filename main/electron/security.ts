import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from '../app-origin';
import { isAllowedExternalUrl } from '../external-links';

/**
 * The one way Fieldline opens anything outside itself: only `tel:`, `mailto:` and
 * `https:` links pass (main/external-links.ts); everything else is dropped.
 */
export function openExternalSafely(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url).catch(() => { // eng-disable OPEN_EXTERNAL_JS_CHECK: only allow-listed tel:, mailto: and https: URLs reach this line
    // No mail or phone app installed: nothing else to do from here.
  });
  return true;
}

/**
 * Locks down every web contents the app creates: it may not leave the app's origin,
 * open windows, or attach a <webview>. Links the page opens with target=_blank go to
 * the allow-list, never to a new Electron window.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}

/**
 * Nothing the page asks the browser for (camera, location, notifications, clipboard
 * reads, …) is granted. The one request that is honoured is an external link the page
 * navigated to (a `tel:` or `mailto:` href): it goes through the allow-list instead of
 * Chromium's own handler. Reminders use the main process's notifications, which need
 * no page permission.
 */
export function denyPagePermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    if (permission === 'openExternal' && 'externalURL' in details && typeof details.externalURL === 'string') {
      openExternalSafely(details.externalURL);
    }
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
