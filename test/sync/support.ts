import type { Core } from '../../main/core';
import { SyncEngine } from '../../main/sync/sync-engine';
import { httpTransport, type SyncTransport } from '../../main/sync/transport';
import type { Role } from '../../shared/protocol';
import { startServer, STORE_KINDS, type StoreKind, type TestServer } from '../server/support';
import { steppingClock, tempCore } from '../support/temp';

export interface Client {
  core: Core;
  engine: SyncEngine;
  userId: string;
  transport: SyncTransport;
  sync: () => ReturnType<SyncEngine['syncOnce']>;
}

/** A signed-in desktop client: its own data folder, the real HTTP transport. */
export async function signIn(
  server: TestServer,
  who: { name: string; role: Role; branches: string[] },
  options: { now?: () => Date; wrap?: (t: SyncTransport) => SyncTransport; batchSize?: number; userId?: string; token?: string } = {},
): Promise<Client> {
  const api = options.token ? { token: options.token, userId: options.userId! } : await server.user(who.name, who.role, who.branches);
  const now = options.now ?? steppingClock(Date.now());
  const core = tempCore({ now });
  const base = httpTransport({ serverUrl: server.url, token: api.token });
  const transport = options.wrap ? options.wrap(base) : base;
  core.sync.bind(server.url, api.userId);
  const engine = new SyncEngine({ core, transport, now, random: () => 0.5, batchSize: options.batchSize });
  return { core, engine, userId: api.userId, transport, sync: () => engine.syncOnce() };
}

/** A second device of the same user. */
export async function sameUserAgain(server: TestServer, client: Client, token: string): Promise<Client> {
  return signIn(server, { name: '', role: 'agent', branches: [] }, { userId: client.userId, token });
}

export { startServer, STORE_KINDS, type StoreKind };

export const draft = (name: string, phone: string, extra: Record<string, unknown> = {}) =>
  ({ name, phones: [phone], notes: '', stage: 'new', email: null, ...extra }) as never;

/** What a user sees of a lead: the fields sync must make equal everywhere. */
export function visible(core: Core) {
  return core.store
    .all(core.store.q.selectFrom('leads').selectAll().orderBy('id'))
    .map((r) => ({
      id: r.id,
      name: r.name,
      phones: r.phones,
      email: r.email,
      stage: r.stage,
      outcome: r.outcome,
      lostReason: r.lost_reason,
      notes: r.notes,
      ownerId: r.owner_id,
      branchId: r.branch_id,
      deleted: r.deleted,
      mergedInto: r.merged_into,
      version: r.server_version,
    }));
}
