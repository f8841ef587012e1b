import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedSender } from '../../main/app-origin';

describe('which frames may call the contract', () => {
  it("trusts the app's own top-level page, on any of its routes", () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://fieldline/index.html#/board', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://fieldline/', isMainFrame: true })).toBe(true);
  });

  it('refuses a sub-frame, even one showing the app', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: false })).toBe(false);
  });

  it('refuses a message whose frame is gone', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: true })).toBe(false);
  });

  it('refuses pages from other schemes and look-alike origins', () => {
    for (const url of [
      'file:///opt/Fieldline/resources/app.asar/out/renderer/index.html',
      'https://fieldline/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abc/index.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'app://evil/index.html',
      'app://fieldline.evil.example/index.html',
      'app://fieldline-evil/index.html',
      'app://evil.fieldline/index.html',
      'app://fieldline@evil/index.html',
      'app://fieldline:8080/index.html',
      'app://FIELDLINE/index.html',
      'APP://fieldline/index.html',
      'app:fieldline/index.html',
      'app:///fieldline/index.html',
      'app://fieldline\\@evil/',
      ' app://fieldline/index.html',
      'app://fieldline',
    ]) {
      expect(isTrustedSender({ url, isMainFrame: true }), url).toBe(false);
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('refuses anything that is not a frame description', () => {
    expect(isTrustedSender({ url: 42, isMainFrame: true } as never)).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: 'yes' } as never)).toBe(false);
  });
});
