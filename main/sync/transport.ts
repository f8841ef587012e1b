import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { pushRequestJson } from '../repositories/outbox-json';
import { NEXT_CURSOR_HEADER, type HealthResponse, type MeResponse, type PullResponse, type PushRequest, type PushResponse, type UsersResponse } from '../../shared/protocol';

/** Why a request to the server did not produce an answer the engine can use. */
export type TransportFailure =
  | { kind: 'network'; message: string }
  | { kind: 'http'; status: number; code: string; message: string; retryAfterMs: number | null };

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(failure.message);
    this.name = 'TransportError';
  }
}

/** The server as the sync engine sees it; injected so tests can cut, delay or fake it. */
export interface SyncTransport {
  health(): Promise<HealthResponse>;
  me(): Promise<MeResponse>;
  /** Users in the caller's branches (owner pickers, names on the timeline). */
  users(): Promise<UsersResponse>;
  push(body: PushRequest): Promise<PushResponse>;
  /**
   * One page of the feed. `onNextCursor` hears the next page's cursor as soon as the
   * server names it (a response header, before the body), so the next request can start
   * while this page still downloads; transports that cannot tell it never call it.
   */
  pull(cursor: string | null, limit: number, onNextCursor?: (cursor: string) => void): Promise<PullResponse>;
}

export interface HttpTransportOptions {
  serverUrl: string;
  token: string;
  /** A request that takes longer is a network failure (the op stays queued). */
  timeoutMs?: number;
}

function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/**
 * The HTTP/JSON transport of shared/PROTOCOL.md over node:http(s) with keep-alive
 * connections: one for pushes (which wait for each other) and a second so the next pull
 * page downloads while the previous one is applied. (fetch's stream plumbing cost more
 * CPU than the server's own work at 100K ops.) Responses are gzip-compressed by the server.
 */
export function httpTransport(options: HttpTransportOptions): SyncTransport {
  const base = new URL(options.serverUrl);
  const secure = base.protocol === 'https:';
  const lib = secure ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: 2 });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const prefix = base.pathname.replace(/\/+$/, '');

  function call<T>(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    auth = true,
    onHeaders?: (headers: http.IncomingHttpHeaders, status: number) => void,
  ): Promise<T> {
    // Encoded once: measuring a string's UTF-8 length and then writing it encodes it twice.
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = { 'accept-encoding': 'gzip' };
    if (auth) headers.authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise<T>((resolve, reject) => {
      const network = (what: string) => (error: Error) =>
        reject(new TransportError({ kind: 'network', message: `${what} (${error.message}).` }));
      const request = lib.request(
        { agent, protocol: base.protocol, hostname: base.hostname, port: base.port, method, path: prefix + route, headers, timeout: timeoutMs },
        (response) => {
          onHeaders?.(response.headers, response.statusCode ?? 0);
          const chunks: Buffer[] = [];
          // A connection cut mid-answer: the server may have committed; resending is safe.
          const cut = network("The server's answer was cut off");
          response.on('error', cut);
          response.on('aborted', () => cut(new Error('aborted')));
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (!response.complete) return cut(new Error('incomplete'));
            let parsed: unknown;
            try {
              const raw = Buffer.concat(chunks);
              const text = (response.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
              parsed = JSON.parse(text);
            } catch (error) {
              return cut(error as Error);
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const error = (parsed as { error?: { code?: string; message?: string } })?.error;
            reject(
              new TransportError({
                kind: 'http',
                status,
                code: error?.code ?? 'http_error',
                message: error?.message ?? `The server answered ${status}.`,
                retryAfterMs: retryAfterMs(response.headers['retry-after']),
              }),
            );
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', network('Cannot reach the server'));
      request.end(payload);
    });
  }

  return {
    health: () => call<HealthResponse>('GET', '/v1/health', undefined, false),
    me: () => call<MeResponse>('GET', '/v1/me'),
    users: () => call<UsersResponse>('GET', '/v1/users'),
    push: (body) => call<PushResponse>('POST', '/v1/push', pushRequestJson(body)),
    pull: (cursor, limit, onNextCursor) =>
      call<PullResponse>('GET', `/v1/pull?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, true, (headers, status) => {
        const next = headers[NEXT_CURSOR_HEADER];
        if (onNextCursor && status === 200 && typeof next === 'string' && next) onNextCursor(next);
      }),
  };
}
