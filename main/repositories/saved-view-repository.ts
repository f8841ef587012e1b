import type { SavedView, SavedViewQuery } from '../../shared/contract';
import { newId } from '../../shared/ids';
import { AppError } from '../../shared/result';
import type { RepositoryContext } from './context';

/** The leads table's personal saved views. Local to this user's database; never synced. */
export class SavedViewRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  list(): SavedView[] {
    const { store } = this.ctx;
    return store
      .all(store.q.selectFrom('saved_views').selectAll().orderBy('name'))
      .map((row) => ({ id: row.id, name: row.name, query: JSON.parse(row.query) as SavedViewQuery, createdAt: row.created_at }));
  }

  /** Saving under an existing name replaces that view: the user is updating it. */
  save(name: string, query: SavedViewQuery): SavedView {
    const { store } = this.ctx;
    const existing = store.first(store.q.selectFrom('saved_views').select('id').where('name', '=', name));
    const view = { id: existing?.id ?? newId(), name, query, createdAt: this.ctx.now().toISOString() };
    store.run(
      store.q
        .insertInto('saved_views')
        .values({ id: view.id, name, query: JSON.stringify(query), created_at: view.createdAt })
        .onConflict((oc) => oc.column('id').doUpdateSet({ query: JSON.stringify(query), created_at: view.createdAt })),
    );
    return view;
  }

  delete(id: string): void {
    const { store } = this.ctx;
    const result = store.run(store.q.deleteFrom('saved_views').where('id', '=', id));
    if (result.changes === 0) throw new AppError('not_found', 'That saved view no longer exists.');
  }
}
