import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererResponse } from '../../main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../main/static-files';
import { tempDir } from '../support/temp';

/** A renderer build with a secret file beside it (as other files sit beside out/renderer in the asar). */
function build() {
  const parent = tempDir();
  const root = path.join(parent, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Fieldline</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'not for the page');
  return root;
}

const get = (root: string, url: string, method = 'GET') => rendererResponse(root, { url, method });

describe('the app:// protocol', () => {
  it('serves the renderer with the same security policy as the browser host', async () => {
    const root = build();
    const page = await get(root, 'app://fieldline/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Fieldline</title>');
    const script = await get(root, 'app://fieldline/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get(root, 'app://fieldline/')).status).toBe(200);
  });

  it('never serves a file outside the build', async () => {
    const root = build();
    for (const url of [
      'app://fieldline/../secret.txt',
      'app://fieldline/%2e%2e/secret.txt',
      'app://fieldline/..%2Fsecret.txt',
      'app://fieldline/assets/..%2F..%2Fsecret.txt',
      'app://fieldline/%2E%2E%5Csecret.txt',
      'app://fieldline/assets%00.js',
      'app://fieldline/%E0%A4%A',
      'app://fieldline/assets',
      'app://fieldline/missing.js',
    ]) {
      const response = await get(root, url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for the page');
    }
  });

  it('answers only its own host and only reads', async () => {
    const root = build();
    expect((await get(root, 'app://evil/index.html')).status).toBe(404);
    expect((await get(root, 'app://fieldline/index.html', 'POST')).status).toBe(405);
    const head = await get(root, 'app://fieldline/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
