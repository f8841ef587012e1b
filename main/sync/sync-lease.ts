import type { SqlStore } from '../db/sql-store';
import type { ClientDatabase } from '../db/schema';

/** Another drain (this process or another) holds the lease. */
export class SyncBusyError extends Error {}

/** A lease older than this is taken over even if its process seems alive (pid reuse). */
const STALE_MS = 2 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One drain at a time per data folder, across processes (the app and a `crm sync`
 * beside it). The lease lives in the database, so it survives nothing it should not:
 * a holder that died is noticed at once by its pid, and a crash mid-drain leaves a
 * lease the next sync simply takes over.
 */
export class SyncLease {
  constructor(
    private readonly store: SqlStore<ClientDatabase>,
    private readonly holder: string,
    private readonly now: () => Date,
    private readonly isAlive: (pid: number) => boolean = processAlive,
  ) {}

  tryAcquire(): boolean {
    const { store } = this;
    return store.transaction(() => {
      const current = store.first(store.q.selectFrom('sync_lease').selectAll().where('id', '=', 1));
      const now = this.now();
      if (
        current &&
        current.holder !== this.holder &&
        this.isAlive(current.pid) &&
        now.getTime() - Date.parse(current.heartbeat_at) < STALE_MS
      ) {
        return false;
      }
      const at = now.toISOString();
      store.run(
        store.q
          .insertInto('sync_lease')
          .values({ id: 1, holder: this.holder, pid: process.pid, acquired_at: at, heartbeat_at: at })
          .onConflict((oc) => oc.column('id').doUpdateSet({ holder: this.holder, pid: process.pid, acquired_at: at, heartbeat_at: at })),
      );
      return true;
    });
  }

  /**
   * Says this drain is alive. A holder silent for longer than STALE_MS (a laptop that
   * slept mid-sync, a request that hung) may have been taken over: then it must stop
   * here, so that two drains never send side by side.
   */
  heartbeat(): void {
    const { store } = this;
    const result = store.run(
      store.q.updateTable('sync_lease').set({ heartbeat_at: this.now().toISOString() }).where('holder', '=', this.holder),
    );
    if (result.changes === 0) throw new SyncBusyError('Another sync took over from this one, which had been silent too long; it carries on from here.');
  }

  release(): void {
    const { store } = this;
    store.run(store.q.deleteFrom('sync_lease').where('holder', '=', this.holder));
  }
}
