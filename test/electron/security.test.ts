import { afterEach, describe, expect, it } from 'vitest';
import { denyPagePermissions, hardenWebContents, openExternalSafely } from '../../main/electron/security';
import { recorded, resetElectronStandIn } from '../support/electron-stand-in';

afterEach(() => resetElectronStandIn());

/** A web contents that records its handlers, and lets the test fire them as Chromium would. */
function fakeContents() {
  type Handler = (event: { url?: string; preventDefault(): void }) => void;
  const handlers = new Map<string, Handler>();
  let windowOpen: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, handler: Handler) => (handlers.set(name, handler), contents),
    setWindowOpenHandler: (handler: typeof windowOpen) => void (windowOpen = handler),
  };
  hardenWebContents(contents as never);
  const fire = (name: string, url?: string) => {
    let prevented = false;
    handlers.get(name)?.({ url, preventDefault: () => void (prevented = true) });
    return prevented ? 'blocked' : 'allowed';
  };
  return { fire, open: (url: string) => windowOpen!({ url }).action };
}

describe('every page Fieldline shows', () => {
  it('may move between its own routes but never navigate or redirect elsewhere', () => {
    const page = fakeContents();
    expect(page.fire('will-navigate', 'app://fieldline/index.html#/board')).toBe('allowed');
    expect(page.fire('will-redirect', 'app://fieldline/index.html')).toBe('allowed');
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)']) {
      expect(page.fire('will-navigate', url), url).toBe('blocked');
      expect(page.fire('will-redirect', url), url).toBe('blocked');
    }
    expect(recorded.openedExternally).toEqual([]);
  });

  it('cannot attach a <webview>', () => {
    expect(fakeContents().fire('will-attach-webview')).toBe('blocked');
  });

  it('never opens a new window; allowed links go to the OS, the rest nowhere', () => {
    const page = fakeContents();
    for (const url of ['https://fieldline.example/help', 'tel:+201001234567', 'mailto:mona@example.com', 'file:///etc/passwd', 'http://example.com', 'app://fieldline/index.html']) {
      expect(page.open(url), url).toBe('deny');
    }
    expect(recorded.openedExternally).toEqual(['https://fieldline.example/help', 'tel:+201001234567', 'mailto:mona@example.com']);
  });

  it('is granted no browser permission; an external link it follows goes through the allow-list', () => {
    let request: ((...args: unknown[]) => void) | null = null;
    let check: ((...args: unknown[]) => boolean) | null = null;
    denyPagePermissions({
      setPermissionRequestHandler: (handler: typeof request) => void (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => void (check = handler),
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      request!({}, permission, (granted: boolean) => answers.push(granted), { externalURL: 'file:///bin/sh' });
      expect(check!({}, permission, 'app://fieldline', {}), permission).toBe(false);
    }
    request!({}, 'openExternal', (granted: boolean) => answers.push(granted), { externalURL: 'tel:+201001234567' });
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(recorded.openedExternally).toEqual(['tel:+201001234567']);
  });

  it('opens nothing the allow-list refuses', () => {
    expect(openExternalSafely('javascript:alert(1)')).toBe(false);
    expect(openExternalSafely('https://fieldline.example/')).toBe(true);
    expect(recorded.openedExternally).toEqual(['https://fieldline.example/']);
  });
});
