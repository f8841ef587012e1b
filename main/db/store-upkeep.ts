import type BetterSqlite3 from 'better-sqlite3';

/** How big the WAL may grow before a commit checkpoints it inline. */
const INLINE_CHECKPOINT_BYTES = 40 * 1024 * 1024;
const IDLE_MS = 1_000;
/** Pages of search-index merging done per quiet moment. */
const FTS_MERGE_PAGES = 500;
/** Pages of merging per step during a long burst. */
const STEP_MERGE_PAGES = 64;

/**
 * Keeps housekeeping off the write path. By default SQLite checkpoints the WAL inside
 * whichever commit crosses 1,000 pages, and FTS5 merges index segments inside the
 * commits that fill a level: together they made about one edit in twenty take 10 ms
 * instead of 0.3 ms. Here both happen once writes have paused for a second. Backstops
 * remain for a long burst that never pauses (a big import): the inline checkpoint at
 * 40 MB of WAL, and FTS5's own crisis merge.
 */
export class StoreUpkeep {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly connection: BetterSqlite3.Database) {
    // SQLite counts in pages, and older files have smaller pages than new ones.
    const pageSize = connection.pragma('page_size', { simple: true }) as number;
    connection.pragma(`wal_autocheckpoint = ${Math.round(INLINE_CHECKPOINT_BYTES / pageSize)}`);
  }

  /** A write committed: tidy up once things are quiet. */
  noteCommit(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.runNow(), IDLE_MS);
      // Never keeps a CLI run or a test process alive.
      this.timer.unref();
    }
  }

  runNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.connection.open) return;
    try {
      // Named raw SQL: FTS5's merge command has no query-builder form.
      this.connection.prepare(`INSERT INTO leads_fts (leads_fts, rank) VALUES ('merge', ?)`).run(FTS_MERGE_PAGES);
      // PASSIVE never waits on readers (another process may hold one).
      this.connection.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A busy database is tidied next time; nothing is lost by waiting.
    }
  }

  /**
   * A small slice of the same work, for a long burst of writes that never pauses (a
   * 100K-row import): call it between transactions so the WAL and the search index's
   * segments stay small, instead of an inline checkpoint or a crisis merge stalling
   * one commit for hundreds of milliseconds.
   */
  step(): void {
    if (!this.connection.open) return;
    try {
      // Named raw SQL: FTS5's merge command; a positive count merges only full levels.
      this.connection.prepare(`INSERT INTO leads_fts (leads_fts, rank) VALUES ('merge', ?)`).run(STEP_MERGE_PAGES);
      this.connection.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy: the next step or the idle upkeep catches up.
    }
  }

  /** On close: fold the WAL back into the database file. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.connection.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Another process still reads; SQLite checkpoints on its own later.
    }
  }
}
