import fs from 'node:fs';
import path from 'node:path';

/**
 * Serving the built renderer (out/renderer), shared by the browser host (HTTP) and the
 * Electron shell (the app:// protocol), so both send the same files with the same policy.
 */

/** The same policy as renderer/index.html's meta tag, also sent as a header. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Files under the renderer build only: `..` and encoded tricks resolve outside and get a 404. */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** The file to send for a request path, or null (outside the build, missing, or a folder): a 404. */
export function findStaticFile(root: string, pathname: string): string | null {
  const file = resolveStaticPath(path.resolve(root), pathname);
  return file && fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

/** Headers for one served file: its type, the policy, and no sniffing it into another type. */
export function staticFileHeaders(file: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}
