/**
 * feedPages: the next pull page is asked for as soon as the server names it, so a first
 * sync downloads one page while it applies the other, without ever skipping or
 * repeating a page.
 */
import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/protocol';
import { feedPages } from '../../main/sync/feed-pages';
import type { SyncTransport } from '../../main/sync/transport';

interface Call {
  cursor: string | null;
  announce: ((cursor: string) => void) | undefined;
  answer: (page: PullResponse) => void;
  fail: (error: Error) => void;
}

/** A server whose answers the test hands out one at a time. */
function scriptedServer() {
  const calls: Call[] = [];
  let arrived: () => void = () => {};
  const transport: SyncTransport = {
    health: () => Promise.reject(new Error('unused')),
    me: () => Promise.reject(new Error('unused')),
    users: () => Promise.reject(new Error('unused')),
    push: () => Promise.reject(new Error('unused')),
    pull: (cursor, _limit, onNextCursor) =>
      new Promise<PullResponse>((answer, fail) => {
        calls.push({ cursor, announce: onNextCursor, answer, fail });
        arrived();
      }),
  };
  const nextCall = async (index: number): Promise<Call> => {
    while (calls.length <= index) await new Promise<void>((resolve) => (arrived = resolve));
    return calls[index]!;
  };
  return { transport, calls, nextCall };
}

const page = (n: number, hasMore: boolean, cursor = `c${n}`): PullResponse => ({
  items: [{ position: n, kind: 'lead_removed', leadId: `lead-${n}` }],
  cursor,
  hasMore,
  serverTime: '2026-11-26T09:00:00.000Z',
});

/** Reads the whole feed in the background: the cursors of the pages seen, and the end. */
function readAll(transport: SyncTransport, cursor: string | null) {
  const seen: string[] = [];
  const reading = (async () => {
    for await (const p of feedPages(transport, cursor, 100)) seen.push(p.cursor);
  })();
  return { seen, reading };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('feedPages', () => {
  it('asks for the next page when the server names it, before this page has arrived', async () => {
    const server = scriptedServer();
    const { seen, reading } = readAll(server.transport, 'c0');
    const first = await server.nextCall(0);
    expect(first.cursor).toBe('c0');
    first.announce!('c1');
    const second = await server.nextCall(1);
    expect(second.cursor).toBe('c1');
    expect(seen).toEqual([]);
    first.answer(page(1, true));
    second.announce!('c2');
    second.answer(page(2, true));
    const third = await server.nextCall(2);
    third.answer(page(3, false));
    await reading;
    expect(seen).toEqual(['c1', 'c2', 'c3']);
    expect(server.calls.map((c) => c.cursor)).toEqual(['c0', 'c1', 'c2']);
  });

  it('with a server that names nothing, asks for each page once the one before has arrived', async () => {
    const server = scriptedServer();
    const { seen, reading } = readAll(server.transport, null);
    (await server.nextCall(0)).answer(page(1, true));
    (await server.nextCall(1)).answer(page(2, false));
    await reading;
    expect(seen).toEqual(['c1', 'c2']);
    expect(server.calls.map((c) => c.cursor)).toEqual([null, 'c1']);
  });

  it('asks again from the body’s cursor when the announced one disagrees, so nothing is skipped', async () => {
    const server = scriptedServer();
    const { seen, reading } = readAll(server.transport, null);
    const first = await server.nextCall(0);
    first.announce!('wrong');
    (await server.nextCall(1)).answer(page(99, false, 'never-used'));
    first.answer(page(1, true, 'c1'));
    const retry = await server.nextCall(2);
    expect(retry.cursor).toBe('c1');
    retry.answer(page(2, false));
    await reading;
    expect(seen).toEqual(['c1', 'c2']);
  });

  it('ends with the error of a failed page, after the pages before it', async () => {
    const server = scriptedServer();
    const { seen, reading } = readAll(server.transport, null);
    const first = await server.nextCall(0);
    first.announce!('c1');
    const second = await server.nextCall(1);
    first.answer(page(1, true));
    await settle();
    second.fail(new Error('connection cut'));
    await expect(reading).rejects.toThrow('connection cut');
    expect(seen).toEqual(['c1']);
  });
});
