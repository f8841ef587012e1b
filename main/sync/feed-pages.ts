import type { PullResponse } from '../../shared/protocol';
import type { SyncTransport } from './transport';

interface PageRequest {
  cursor: string | null;
  /** Settles with the page; never rejects (a failure is the `error`). */
  result: Promise<{ page: PullResponse; error: null } | { page: null; error: unknown }>;
  /** The next page's cursor once the server names it, or null once this page settled without one. */
  next: Promise<string | null>;
}

function requestPage(transport: SyncTransport, cursor: string | null, limit: number): PageRequest {
  let named!: (cursor: string | null) => void;
  const next = new Promise<string | null>((resolve) => (named = resolve));
  const result = transport.pull(cursor, limit, named).then(
    (page) => ({ page, error: null }) as const,
    (error: unknown) => ({ page: null, error }) as const,
  );
  // Resolving twice is harmless: the header's cursor, when sent, came first.
  void result.then(() => named(null));
  return { cursor, result, next };
}

/**
 * The feed's pages from `cursor` on, in order. Each page is requested as soon as the page
 * before it names its cursor (before that page has finished downloading), so the server
 * prepares one page while the caller applies the other. At most two requests are in
 * flight; a page whose body disagrees with its announced cursor is asked for again.
 * A failed request ends the iteration by throwing its error.
 */
export async function* feedPages(transport: SyncTransport, cursor: string | null, limit: number): AsyncGenerator<PullResponse> {
  let current = requestPage(transport, cursor, limit);
  for (;;) {
    const named = await current.next;
    let following = named ? requestPage(transport, named, limit) : null;
    const { page, error } = await current.result;
    if (!page) throw error;
    if (!page.hasMore) {
      yield page;
      return;
    }
    if (following?.cursor !== page.cursor) following = requestPage(transport, page.cursor, limit);
    yield page;
    current = following;
  }
}
