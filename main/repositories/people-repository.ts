import type { Colleague, SessionUser } from '../../shared/contract';
import type { Role } from '../../shared/protocol';
import type { RepositoryContext } from './context';

/**
 * Who the server says you and your colleagues are, kept locally so names, owner pickers
 * and role rules work offline. Refreshed from /v1/me and /v1/users when online.
 */
export class PeopleRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  me(): SessionUser | null {
    const { store } = this.ctx;
    const state = store.first(
      store.q.selectFrom('sync_state').select(['user_id', 'user_name', 'user_role', 'user_branches']).where('id', '=', 1),
    );
    if (!state?.user_id || !state.user_name || !state.user_role) return null;
    return { id: state.user_id, name: state.user_name, role: state.user_role as Role, branches: JSON.parse(state.user_branches ?? '[]') };
  }

  rememberMe(user: SessionUser): void {
    const { store } = this.ctx;
    store.run(
      store.q
        .updateTable('sync_state')
        .set({ user_name: user.name, user_role: user.role, user_branches: JSON.stringify(user.branches) })
        .where('id', '=', 1),
    );
  }

  colleagues(): Colleague[] {
    const { store } = this.ctx;
    return store
      .all(store.q.selectFrom('colleagues').selectAll().orderBy('name'))
      .map((row) => ({ id: row.id, name: row.name, role: row.role as Role, branches: JSON.parse(row.branches) as string[] }));
  }

  /** Replaces the list with the server's (people who left the branches drop out). */
  rememberColleagues(people: readonly Colleague[]): void {
    const { store } = this.ctx;
    store.transaction(() => {
      store.run(store.q.deleteFrom('colleagues'));
      if (people.length === 0) return;
      store.run(
        store.q
          .insertInto('colleagues')
          .values(people.map((p) => ({ id: p.id, name: p.name, role: p.role, branches: JSON.stringify(p.branches) }))),
      );
    });
  }
}
