import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { EVENT_NAMES } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { CoreConnection } from '../core-host/core-host';
import { findStaticFile, staticFileHeaders } from '../static-files';

export interface BrowserHostOptions {
  /** The core: the workspace in its worker thread (startCoreHost), as Electron hosts it. */
  core: CoreConnection;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
}

export interface BrowserHost {
  /** Open this in a browser: it carries the per-run key. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;
/** A CSV handed over by the import wizard (the contract allows 50 MB of text). */
const MAX_IMPORT_BODY = 60 * 1024 * 1024;
/**
 * Serves the built renderer and the contract for development and end-to-end tests:
 * the real workspace (real SQLite, the real sync engine, in its worker thread) behind
 * the same connection as Electron's IPC. Listens on 127.0.0.1 only, and every call
 * must carry the per-run key, so another local page or user cannot drive it.
 */
export function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const key = crypto.randomBytes(24).toString('base64url');
  const keyBuffer = Buffer.from(key);
  const root = path.resolve(options.staticDir);
  const streams = new Set<http.ServerResponse>();
  const { core } = options;

  const authorised = (given: string | string[] | null | undefined) => {
    const value = Buffer.from(typeof given === 'string' ? given : '');
    return value.length === keyBuffer.length && crypto.timingSafeEqual(value, keyBuffer);
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/crm/events' && request.method === 'GET') {
      if (!authorised(url.searchParams.get('key'))) return sendJson(response, 403, fail('not_allowed', 'Wrong host key.'));
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      const offs = EVENT_NAMES.map((event) =>
        core.on(event, (payload) => response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
      );
      request.on('close', () => {
        streams.delete(response);
        offs.forEach((off) => off());
      });
      return;
    }
    if (url.pathname.startsWith('/crm/')) {
      if (request.method !== 'POST') return sendJson(response, 405, fail('invalid_input', 'Use POST.'));
      if (!authorised(request.headers['x-fieldline-key'])) return sendJson(response, 403, fail('not_allowed', 'Wrong host key.'));
      const channel = decodeURIComponent(url.pathname.slice('/crm/'.length));
      return void readJson(request, channel === 'imports.fromText' ? MAX_IMPORT_BODY : MAX_BODY).then(
        async (payload) => sendJson(response, 200, await core.invoke(channel, payload)),
        (error: Error) => sendJson(response, 400, fail('invalid_input', error.message)),
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, fail('invalid_input', 'Not here.'));
    serveStatic(root, url.pathname, response);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        url: `${origin}/?key=${key}`,
        close: () =>
          new Promise<void>((done) => {
            for (const stream of streams) stream.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

function readJson(request: http.IncomingMessage, maxBody: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the page still gets an answer.
      if (size <= maxBody) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBody) return reject(new Error('The request is too large.'));
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        reject(new Error('The request body is not JSON.'));
      }
    });
    request.on('error', reject);
  });
}

function serveStatic(root: string, pathname: string, response: http.ServerResponse): void {
  const file = findStaticFile(root, pathname);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found');
    return;
  }
  response.writeHead(200, staticFileHeaders(file));
  fs.createReadStream(file).pipe(response);
}
