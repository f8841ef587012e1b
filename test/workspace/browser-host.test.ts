import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../main/browser-host/host';
import { resolveStaticPath } from '../../main/static-files';
import { testCoreHost } from '../support/core-host';
import { tempDir } from '../support/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function host(): Promise<{ host: BrowserHost; key: string; root: string }> {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Fieldline</title>');
  fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'not for the page');
  const core = await testCoreHost({ online: false });
  const started = await startBrowserHost({ core, staticDir: root });
  cleanups.push(() => started.close());
  return { host: started, key: new URL(started.url).searchParams.get('key')!, root };
}

const post = (h: BrowserHost, channel: string, body: string, key?: string) =>
  fetch(`${h.origin}/crm/${channel}`, { method: 'POST', body, headers: key ? { 'x-fieldline-key': key } : {} });

describe('the browser host', () => {
  it('listens on 127.0.0.1 only and serves the renderer with its security policy', async () => {
    const { host: h } = await host();
    expect(new URL(h.origin).hostname).toBe('127.0.0.1');
    const page = await fetch(h.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Fieldline</title>');
  });

  it('answers the contract only with the per-run key', async () => {
    const { host: h, key } = await host();
    expect((await post(h, 'session.current', '{}')).status).toBe(403);
    expect((await post(h, 'session.current', '{}', 'wrong-key-of-some-length-xx')).status).toBe(403);
    const ok = await post(h, 'session.current', '{}', key);
    expect(await ok.json()).toMatchObject({ ok: true, value: { signedIn: false } });
    const events = await fetch(`${h.origin}/crm/events?key=nope`);
    expect(events.status).toBe(403);
  });

  it('turns bad bodies into clear errors', async () => {
    const { host: h, key } = await host();
    const notJson = await post(h, 'leads.list', '{oops', key);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ ok: false, error: { code: 'invalid_input', message: 'The request body is not JSON.' } });
    const unknown = await post(h, 'leads.dropTable', '{}', key);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const huge = await post(h, 'notes.add', JSON.stringify({ body: 'x'.repeat(3 * 1024 * 1024) }), key);
    expect(await huge.json()).toEqual({ ok: false, error: { code: 'invalid_input', message: 'The request is too large.' } });
    // A CSV for the import wizard may be larger: it reaches the core (which says sign in first).
    const csv = await post(h, 'imports.fromText', JSON.stringify({ fileName: 'leads.csv', text: 'x'.repeat(3 * 1024 * 1024) }), key);
    expect(await csv.json()).toMatchObject({ ok: false, error: { code: 'signed_out' } });
  });

  it('never serves a file outside the renderer build', async () => {
    const { host: h, root } = await host();
    for (const attempt of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%5c..%5csecret.txt', '/%00']) {
      const response = await fetch(h.origin + attempt);
      expect(response.status, attempt).toBe(404);
    }
    expect(resolveStaticPath(root, '/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets/app.js'));
  });

  it('streams the core\'s events to the page', async () => {
    const { host: h, key } = await host();
    const controller = new AbortController();
    const stream = await fetch(`${h.origin}/crm/events?key=${key}`, { signal: controller.signal });
    const reader = stream.body!.getReader();
    // Signing in (offline: nothing listens at that address) announces the new session.
    await post(h, 'session.signIn', JSON.stringify({ serverUrl: 'http://127.0.0.1:9', token: 'fl_offline-token' }), key);
    let text = '';
    while (!text.includes('event: sessionChanged')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"signedIn":true');
    controller.abort();
  });
});
