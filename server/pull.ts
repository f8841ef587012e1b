import { sql, type Selectable } from 'kysely';
import type { FeedItem, PullQuery, PullResponse } from '../shared/protocol';
import type { ServerStore } from './db/open-store';
import type { ChangesTable } from './db/schema';
import {
  toConflictRecord,
  toServerCallLog,
  toServerEvent,
  leadJsonSql,
  toServerNote,
  toServerTask,
} from './rows';
import type { Caller } from './users';

export type PullOutcome =
  | { ok: true; items: PageItems; cursor: string; hasMore: boolean }
  | { ok: false; status: 400 | 410; code: 'bad_request' | 'resync_required'; message: string };

/** A page's feed items, each already in its wire form (one `FeedItem` as JSON). */
export type PageItems = string[];

/** A feed row with what the page needs of its lead, read in the same query. */
type FeedRow = Selectable<ChangesTable> & { lead_branch_id: string | null; lead_json: string | null };

const RESYNC = 'This sync position is unknown to the server (another database, or reset): download everything again.';

/** `EPOCH.POSITION`; the epoch names the database so a foreign cursor is refused rather than misread. */
export function encodeCursor(epoch: string, position: number): string {
  return `${epoch}.${position}`;
}

/** The `PullResponse` body, assembled from items that are JSON already. */
export function pullResponseJson(outcome: { items: PageItems; cursor: string; hasMore: boolean }, serverTime: string): string {
  const tail: Omit<PullResponse, 'items'> = { cursor: outcome.cursor, hasMore: outcome.hasMore, serverTime };
  return `{"items":[${outcome.items.join(',')}],${JSON.stringify(tail).slice(1)}`;
}

/**
 * One page of the caller's feed after `cursor`: rows of their branches, and their own
 * conflict records. Each record is sent as it is now; a record whose lead has since
 * left the caller's branches is skipped (its `lead_removed` entry is in the feed).
 */
export async function pull(store: ServerStore, caller: Caller, query: PullQuery): Promise<PullOutcome> {
  let after = 0;
  if (query.cursor) {
    const match = /^([0-9a-f]{1,16})\.(\d{1,15})$/.exec(query.cursor);
    if (!match) return { ok: false, status: 400, code: 'bad_request', message: 'cursor: not a cursor this server issued' };
    if (match[1] !== store.epoch) return { ok: false, status: 410, code: 'resync_required', message: RESYNC };
    after = Number(match[2]);
    const newest = await store.db.selectFrom('changes').select((e) => e.fn.max('position').as('top')).executeTakeFirst();
    if (after > Number(newest?.top ?? 0)) return { ok: false, status: 410, code: 'resync_required', message: RESYNC };
  }
  const changes = await feedPage(store, caller, after, query.limit + 1);
  const hasMore = changes.length > query.limit;
  const page = changes.slice(0, query.limit);
  const last = page[page.length - 1];
  const cursor = encodeCursor(store.epoch, last ? Number(last.position) : after);
  return { ok: true, items: await toItems(store, caller, page), cursor, hasMore };
}

/**
 * The next `limit` feed rows for the caller, each with its lead's branch and (for a lead
 * change) the lead's wire JSON. One ordered index range per branch (and one for the
 * caller's own conflicts), each limited, then merged: a single OR query made SQLite sort
 * every remaining row of the feed on every page.
 */
async function feedPage(store: ServerStore, caller: Caller, after: number, limit: number): Promise<FeedRow[]> {
  const { db } = store;
  const member = (filter: { branch: string } | { user: string }) =>
    db
      .selectFrom((eb) => {
        let q = eb.selectFrom('changes').selectAll();
        q = 'branch' in filter ? q.where('branch_id', '=', filter.branch) : q.where('user_id', '=', filter.user);
        return q.where('position', '>', after).orderBy('position').limit(limit).as('m');
      })
      .selectAll();
  let feed = member({ user: caller.id });
  for (const branch of caller.branches) feed = feed.unionAll(member({ branch }));
  const leadJson = sql.raw<string | null>(`CASE WHEN f.kind = 'lead' THEN ${leadJsonSql(store.kind, 'l')} END`);
  return db
    .selectFrom(db.selectFrom(feed.as('u')).selectAll().orderBy('position').limit(limit).as('f'))
    .leftJoin('leads as l', 'l.id', 'f.lead_id')
    .selectAll('f')
    .select(['l.branch_id as lead_branch_id', leadJson.as('lead_json')])
    .orderBy('f.position')
    .execute();
}

async function toItems(store: ServerStore, caller: Caller, page: FeedRow[]): Promise<PageItems> {
  const { db } = store;
  const idsOf = (kind: string) => [...new Set(page.filter((c) => c.kind === kind).map((c) => c.entity_id))];
  const byId = async <R extends { id: string }>(ids: string[], load: (ids: string[]) => Promise<R[]>) => {
    const map = new Map<string, R>();
    for (let i = 0; i < ids.length; i += 1000) for (const row of await load(ids.slice(i, i + 1000))) map.set(row.id, row);
    return map;
  };
  const [calls, notes, tasks, events, conflicts] = await Promise.all([
    byId(idsOf('call_log'), (ids) => db.selectFrom('call_logs').selectAll().where('id', 'in', ids).execute()),
    byId(idsOf('lead_note'), (ids) => db.selectFrom('lead_notes').selectAll().where('id', 'in', ids).execute()),
    byId(idsOf('task'), (ids) => db.selectFrom('tasks').selectAll().where('id', 'in', ids).execute()),
    byId(idsOf('lead_event'), (ids) => db.selectFrom('lead_events').selectAll().where('id', 'in', ids).execute()),
    byId(idsOf('conflict'), (ids) => db.selectFrom('conflicts').selectAll().where('id', 'in', ids).where('user_id', '=', caller.id).execute()),
  ]);
  const inScope = (change: FeedRow) => change.lead_branch_id != null && caller.branches.includes(change.lead_branch_id);
  const items: PageItems = [];
  const add = (item: FeedItem) => items.push(JSON.stringify(item));
  for (const change of page) {
    const position = Number(change.position);
    const id = change.entity_id;
    if (change.kind === 'conflict') {
      const conflict = conflicts.get(id);
      if (conflict) add({ position, kind: 'conflict', conflict: toConflictRecord(conflict) });
      continue;
    }
    if (change.kind === 'lead_removed') {
      // Moving between two of the caller's own branches is not a removal for them.
      if (!inScope(change)) add({ position, kind: 'lead_removed', leadId: change.lead_id });
      continue;
    }
    if (!inScope(change)) continue;
    if (change.kind === 'lead' && change.lead_json) items.push(`{"position":${position},"kind":"lead","lead":${change.lead_json}}`);
    const call = change.kind === 'call_log' && calls.get(id);
    if (call) add({ position, kind: 'call_log', callLog: toServerCallLog(call) });
    const note = change.kind === 'lead_note' && notes.get(id);
    if (note) add({ position, kind: 'lead_note', note: toServerNote(note) });
    const task = change.kind === 'task' && tasks.get(id);
    if (task) add({ position, kind: 'task', task: toServerTask(task) });
    const event = change.kind === 'lead_event' && events.get(id);
    if (event) add({ position, kind: 'lead_event', event: toServerEvent(event) });
  }
  return items;
}
