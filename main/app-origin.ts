/**
 * The desktop app's own origin. The renderer is served from `app://fieldline/` (a
 * standard, secure custom scheme), never from `file://`, so "is this our page?" is one
 * exact origin comparison: navigation, IPC senders and event targets all use it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL is a page of the app itself. The raw text must start with the origin
 * and a slash (so `app://fieldline.evil`, `app://fieldline@evil`, `app://fieldline:1`
 * and upper-case look-alikes fail), and the parsed URL must agree.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || !url.startsWith(`${APP_ORIGIN}/`)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** What the main process knows about the frame an IPC message came from. */
export interface SenderFrame {
  url: string;
  /** The window's top frame (not an iframe inside it). */
  isMainFrame: boolean;
}

/**
 * Only the app's own top-level page may call the contract: not a sub-frame, not a page
 * that somehow navigated elsewhere, not a message whose frame is already gone.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.isMainFrame === true && isAppUrl(frame.url);
}
