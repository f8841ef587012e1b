import type { Migration, MigrationContext } from './migration';

const COLUMNS = `id, op_id, lead_id, field, my_value, kept_value, rule, kept_by, at, restored_at, entity, entity_id`;

/** The conflicts table as it was, with `unique` as its once-only key. */
function rebuildConflicts({ exec }: MigrationContext, unique: string): void {
  exec(`CREATE TABLE conflicts_next (
    id INTEGER PRIMARY KEY,
    op_id TEXT NOT NULL,
    lead_id TEXT NOT NULL,
    field TEXT NOT NULL,
    my_value TEXT NOT NULL,
    kept_value TEXT NOT NULL,
    rule TEXT NOT NULL,
    kept_by TEXT,
    at TEXT NOT NULL,
    restored_at TEXT,
    entity TEXT NOT NULL DEFAULT 'lead',
    entity_id TEXT,
    CONSTRAINT conflicts_once UNIQUE (${unique})
  )`);
  exec(`INSERT INTO conflicts_next (${COLUMNS}) SELECT ${COLUMNS} FROM conflicts`);
  exec(`DROP TABLE conflicts`);
  exec(`ALTER TABLE conflicts_next RENAME TO conflicts`);
}

/**
 * One op can cost one user two values of one field: a merge that overrides their edit
 * of the survivor (later_arrival_wins) and drops their edit of the merged-away lead
 * (merged_away). Keyed by op and field, the second was never logged; by op, field and
 * rule, both are, and a replayed push or re-pulled page still logs nothing twice.
 */
export const conflictsPerRule: Migration = {
  version: 11,
  name: 'conflicts per rule',
  up(ctx) {
    rebuildConflicts(ctx, 'op_id, field, rule');
  },
  down(ctx) {
    const collide = ctx.prepare(`SELECT 1 FROM conflicts GROUP BY op_id, field HAVING count(*) > 1 LIMIT 1`).get();
    if (collide) throw new Error('two conflicts of one op and field are logged; the older schema cannot hold both');
    rebuildConflicts(ctx, 'op_id, field');
  },
};
