/**
 * The pull cursor never skips: while many clients push at once (on PostgreSQL through
 * two server processes sharing one database), a reader pulling in a loop sees every
 * change exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../shared/protocol';
import { openStore } from '../../server/db/open-store';
import { addUser } from '../../server/users';
import { Api, ops, PG_URL, startServer, tempPgSchema } from './support';
import { serveProcess } from './server-process';

// Many small commits give the most chances for a late commit below a seen position:
// with the advisory lock removed, this test fails on every run we tried (4 of 4).
const WRITERS = 8;
const BATCHES = 40;
const PER_BATCH = 2;

/** Writers push concurrently to the given servers while a reader pulls; returns what the reader saw. */
async function race(urls: string[], users: { id: string; token: string }[], reader: { id: string; token: string }) {
  let writing = true;
  const seen: FeedItem[] = [];
  let cursor: string | undefined;
  let turn = 0;
  const pullOnce = async () => {
    const api = new Api(urls[turn++ % urls.length]!, reader.token, reader.id);
    const page = await api.pullAll(cursor, 50);
    seen.push(...page.items);
    cursor = page.cursor;
  };
  const readerLoop = (async () => {
    while (writing) await pullOnce();
  })();
  const created: string[] = [];
  await Promise.all(
    users.map(async (user, w) => {
      for (let b = 0; b < BATCHES; b++) {
        const api = new Api(urls[(w + b) % urls.length]!, user.token, user.id);
        const batch = Array.from({ length: PER_BATCH }, () => ops.createLead({ name: `w${w} b${b}` }));
        const results = await api.push(batch);
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        created.push(...batch.map((op) => op.entityId));
      }
    }),
  );
  writing = false;
  await readerLoop;
  await pullOnce();
  return { seen, created };
}

function expectEveryChangeOnce(seen: FeedItem[], created: string[]) {
  const positions = seen.map((i) => i.position);
  expect(new Set(positions).size).toBe(positions.length);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  const leadIds = seen.flatMap((i) => (i.kind === 'lead' ? [i.lead.id] : []));
  expect(leadIds.length).toBe(created.length);
  expect(new Set(leadIds)).toEqual(new Set(created));
  // Creation travels as the lead itself, never as a second feed item.
  expect(seen.filter((i) => i.kind === 'lead_event')).toHaveLength(0);
}

describe('gap-free cursor', () => {
  it('on SQLite: 8 clients push concurrently while a reader pulls; every change seen exactly once', async () => {
    const server = await startServer('sqlite');
    const users = await Promise.all(
      Array.from({ length: WRITERS }, async (_, i) => {
        const api = await server.user(`agent ${i}`, 'agent', ['cairo']);
        return { id: api.userId, token: api.token };
      }),
    );
    const reader = await server.user('Mariam', 'manager', ['cairo']);
    const { seen, created } = await race([server.url], users, { id: reader.userId, token: reader.token });
    expectEveryChangeOnce(seen, created);
  });

  // PostgreSQL runs only where a database is configured (FIELDLINE_TEST_PG_URL).
  if (PG_URL) it('on PostgreSQL: two server processes, one database, 8 clients and a reader', async () => {
    const url = await tempPgSchema();
    const setup = await openStore({ postgresUrl: url });
    const users = [];
    for (let i = 0; i < WRITERS; i++) users.push(await addUser(setup, { name: `agent ${i}`, role: 'agent', branches: ['cairo'] }, () => new Date()));
    const reader = await addUser(setup, { name: 'Mariam', role: 'manager', branches: ['cairo'] }, () => new Date());
    await setup.close();
    const [one, two] = await Promise.all([serveProcess('--pg', url), serveProcess('--pg', url)]);
    const { seen, created } = await race([one!.url, two!.url], users, reader);
    expect(created).toHaveLength(WRITERS * BATCHES * PER_BATCH);
    expectEveryChangeOnce(seen, created);
  });
});
