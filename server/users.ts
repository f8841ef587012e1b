import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../shared/ids';
import type { Role, UserSummary } from '../shared/protocol';
import type { ServerStore } from './db/open-store';
import type { UsersTable } from './db/schema';

/** The caller of a request, decided by the bearer token alone. */
export interface Caller extends UserSummary {
  /** Where a lead created without a branch goes. */
  defaultBranch: string;
}

/** Tokens are stored as sha256: a leaked database does not hand out sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toSummary(row: Pick<UsersTable, 'id' | 'name' | 'role' | 'branches'>): UserSummary {
  return { id: row.id, name: row.name, role: row.role as Role, branches: JSON.parse(row.branches) as string[] };
}

export async function addUser(
  store: ServerStore,
  input: { name: string; role: Role; branches: string[] },
  now: () => Date,
): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = `fl_${randomBytes(32).toString('base64url')}`;
  await store.db
    .insertInto('users')
    .values({
      id,
      name: input.name,
      role: input.role,
      branches: JSON.stringify(input.branches),
      token_hash: hashToken(token),
      revoked: 0,
      created_at: now().toISOString(),
    })
    .execute();
  return { id, token };
}

export async function listUsers(store: ServerStore): Promise<(UserSummary & { revoked: boolean })[]> {
  const rows = await store.db.selectFrom('users').select(['id', 'name', 'role', 'branches', 'revoked']).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ ...toSummary(row), revoked: row.revoked === 1 }));
}

/** True when the user existed (revoking twice is fine). */
export async function revokeUser(store: ServerStore, id: string): Promise<boolean> {
  const result = await store.db.updateTable('users').set({ revoked: 1 }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function authenticate(store: ServerStore, token: string): Promise<Caller | null> {
  const row = await store.db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'branches'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked', '=', 0)
    .executeTakeFirst();
  if (!row) return null;
  const user = toSummary(row);
  return { ...user, defaultBranch: user.branches[0] ?? '' };
}

/** Active users who share at least one branch with the caller. */
export async function usersInBranches(store: ServerStore, caller: Caller): Promise<UserSummary[]> {
  const rows = await store.db.selectFrom('users').select(['id', 'name', 'role', 'branches']).where('revoked', '=', 0).orderBy('name').execute();
  const mine = new Set(caller.branches);
  return rows.map(toSummary).filter((u) => u.branches.some((b) => mine.has(b)));
}
