import compress from '@fastify/compress';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  pullQuerySchema,
  pushRequestSchema,
  type ErrorResponse,
  type HealthResponse,
  type HttpErrorCode,
  type MeResponse,
  NEXT_CURSOR_HEADER,
  type PushResponse,
  type UsersResponse,
} from '../../shared/protocol';
import { isTransientStoreError, type ServerStore } from '../db/open-store';
import { pull, pullResponseJson } from '../pull';
import { push } from '../push/push';
import { isWellFormedPush } from './push-envelope';
import { authenticate, usersInBranches, type Caller } from '../users';

export interface AppOptions {
  store: ServerStore;
  now?: () => Date;
  /** Where unexpected failures are reported (never sent to the client). */
  logError?: (error: unknown) => void;
}

/** Large enough for a full push of 5000 ops with long notes. */
export const BODY_LIMIT = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

function fail(reply: FastifyReply, status: number, code: HttpErrorCode, message: string): FastifyReply {
  const body: ErrorResponse = { error: { code, message } };
  return reply.code(status).send(body);
}

/** Validates with zod; a failure names the first bad field. */
function parse<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? 'invalid request'}` };
}

const gzip = promisify(zlib.gzip);
const PULL_GZIP = { level: 1 };

/**
 * A pull page compressed in one piece on libuv's thread pool. The compress plugin's
 * stream hands every chunk back through this thread, so while the next page's query
 * ran, the page before it sat half-compressed; this way both proceed at once.
 */
async function sendPage(request: FastifyRequest, reply: FastifyReply, body: string): Promise<FastifyReply> {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(body);
  return reply.header('content-encoding', 'gzip').send(await gzip(body, PULL_GZIP));
}

/** `Accept-Encoding` allows gzip: named (or `*`) without `q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    weights.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  return (weights.get('gzip') ?? weights.get('*') ?? 0) > 0;
}

const HTTP_CODES: Record<number, HttpErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large' };

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const logError = options.logError ?? ((error) => process.stderr.write(`fieldline-server: ${(error as Error)?.stack ?? String(error)}\n`));
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true });
  // Answers are repetitive JSON: even gzip's fastest level shrinks them several times for
  // branch-office links, at a fraction of the default level's CPU. Up to 256 KB (a push's
  // results) in one call: streaming them cost more than compressing. Pull pages are
  // compressed by their route (sendPage).
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip', 'deflate'], zlibOptions: { level: 1 }, syncThreshold: 256 * 1024 });

  // Shutting down: answers still being computed tell the client to close the connection,
  // so keep-alive sockets do not hold the process open after the last reply.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // Plain JSON.parse: Fastify's default parser re-scans every body for "__proto__", about a
  // tenth of the time of a 1000-op push. Safe here because no body object is
  // ever merged into another by key: zod objects copy known keys only, and op fields are
  // checked with Object.hasOwn against fixed field lists.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(new Error(`The body is not valid JSON: ${(error as Error).message}`), { statusCode: 400 }), undefined);
    }
  });

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url === '/v1/health' || request.url.startsWith('/v1/health?')) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const caller = token ? await authenticate(store, token) : null;
    if (!caller) return fail(reply, 401, 'unauthorized', 'Sign in: a valid "Authorization: Bearer TOKEN" header is required.');
    request.caller = caller;
  });

  app.setNotFoundHandler((request, reply) => fail(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));

  app.setErrorHandler((error: { statusCode?: number; message?: string; code?: string }, _request, reply) => {
    if (isTransientStoreError(error)) {
      reply.header('Retry-After', '1');
      return fail(reply, 503, 'busy', 'The server is busy; nothing from this request was stored. Retry shortly.');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return fail(reply, status, HTTP_CODES[status] ?? 'bad_request', error.message ?? 'Bad request');
    }
    // A bug, not the input: reported, and the whole request was rolled back.
    logError(error);
    return fail(reply, 500, 'internal', 'The server failed on this request; nothing from it was stored.');
  });

  app.get('/v1/health', async (): Promise<HealthResponse> => ({ serverTime: now().toISOString() }));

  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const caller = request.caller!;
    const user = { id: caller.id, name: caller.name, role: caller.role, branches: caller.branches };
    return { user, role: caller.role, branches: caller.branches, serverTime: now().toISOString() };
  });

  app.get('/v1/users', async (request): Promise<UsersResponse> => ({ users: await usersInBranches(store, request.caller!) }));

  app.post('/v1/push', async (request, reply) => {
    const body = isWellFormedPush(request.body) ? { ok: true as const, value: request.body } : parse(pushRequestSchema, request.body);
    if (!body.ok) return fail(reply, 400, 'bad_request', body.message);
    const outcome = await push(store, request.caller!, body.value, now);
    if (!outcome.ok) return fail(reply, outcome.status, outcome.code, outcome.message);
    const response: PushResponse = { results: outcome.results, serverTime: now().toISOString() };
    return response;
  });

  app.get('/v1/pull', async (request, reply) => {
    const query = parse(pullQuerySchema, request.query);
    if (!query.ok) return fail(reply, 400, 'bad_request', query.message);
    const outcome = await pull(store, request.caller!, query.value);
    if (!outcome.ok) return fail(reply, outcome.status, outcome.code, outcome.message);
    // Sent ahead of the body so a client can ask for the next page while this one downloads.
    if (outcome.hasMore) reply.header(NEXT_CURSOR_HEADER, outcome.cursor);
    return sendPage(request, reply, pullResponseJson(outcome, now().toISOString()));
  });

  return app;
}
