import fs from 'node:fs';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../app-origin';
import { findStaticFile, staticFileHeaders } from '../static-files';

/**
 * `app://fieldline/` is a standard, secure scheme: the page gets a real origin (so the
 * CSP's 'self', the IPC sender check and navigation rules mean "this app"), and is
 * never loaded from `file://`, where every local file would be same-origin.
 * Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/**
 * One response of the app protocol: a file of the renderer build (inside the asar when
 * packaged), with the same Content-Security-Policy header as the browser host. Paths
 * outside the build, other hosts and other methods get an error, never a file.
 */
export async function rendererResponse(rendererDir: string, request: Pick<Request, 'url' | 'method'>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Not allowed', { status: 405 });
  const url = new URL(request.url);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  const file = findStaticFile(rendererDir, url.pathname);
  if (!file) return notFound();
  const body = request.method === 'HEAD' ? null : await fs.promises.readFile(file);
  return new Response(body, { status: 200, headers: staticFileHeaders(file) });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** Serves the renderer build on the app protocol; call once the app is ready. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request));
}
