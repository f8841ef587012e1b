import { CompiledQuery, type Insertable } from 'kysely';
import type {
  AppliedOpsTable,
  CallLogsTable,
  ChangesTable,
  ConflictsTable,
  LeadEventsTable,
  LeadNotesTable,
} from '../db/schema';
import type { WriteTransaction } from '../db/open-store';
import type { LeadRow, TaskRow } from '../rows';

export type ChangeRow = Omit<Insertable<ChangesTable>, 'position'>;

/**
 * Feed entries in the order they happened. `copyChildren` re-announces every call,
 * note, task and event of a lead to the branch it moved into; `moveChildren` gives a
 * merged-away lead's calls, notes, tasks and events to its survivor, and announces them.
 */
export type ChangeAction =
  | { row: ChangeRow }
  | { copyChildren: { leadId: string; branchId: string } }
  | { moveChildren: { fromLeadId: string; toLeadId: string; branchId: string } };

/** Everything one push writes, collected while its ops are applied in memory, then written set-based. */
export class WritePlan {
  readonly leads = new Map<string, LeadRow>();
  /** Leads this push creates: inserted plainly, not upserted. */
  readonly newLeadIds = new Set<string>();
  readonly tasks = new Map<string, TaskRow>();
  readonly callLogs: Insertable<CallLogsTable>[] = [];
  readonly notes: Insertable<LeadNotesTable>[] = [];
  readonly events: Insertable<LeadEventsTable>[] = [];
  readonly conflicts: Insertable<ConflictsTable>[] = [];
  readonly appliedOps: Insertable<AppliedOpsTable>[] = [];
  readonly changes: ChangeAction[] = [];

  change(row: ChangeRow): void {
    this.changes.push({ row });
  }

  async write(trx: WriteTransaction, dialect: string, maxParams: number): Promise<void> {
    const leads = [...this.leads.values()];
    await insert(trx, dialect, 'leads', leads.filter((l) => this.newLeadIds.has(l.id)), maxParams);
    await upsert(trx, dialect, 'leads', leads.filter((l) => !this.newLeadIds.has(l.id)), maxParams);
    await insert(trx, dialect, 'call_logs', this.callLogs, maxParams);
    await insert(trx, dialect, 'lead_notes', this.notes, maxParams);
    await upsert(trx, dialect, 'tasks', [...this.tasks.values()], maxParams);
    await insert(trx, dialect, 'lead_events', this.events, maxParams);
    await insert(trx, dialect, 'conflicts', this.conflicts, maxParams);
    await insert(trx, dialect, 'applied_ops', this.appliedOps, maxParams, 'op_id');
    await this.writeChanges(trx, dialect, maxParams);
  }

  private async writeChanges(trx: WriteTransaction, dialect: string, maxParams: number): Promise<void> {
    let pending: ChangeRow[] = [];
    const flush = async () => {
      await writeRows(trx, dialect, 'changes', pending, maxParams, { append: true });
      pending = [];
    };
    for (const action of this.changes) {
      if ('row' in action) {
        pending.push(action.row);
        continue;
      }
      await flush();
      if ('moveChildren' in action) {
        const { fromLeadId, toLeadId, branchId } = action.moveChildren;
        for (const [table, kind] of CHILD_TABLES) {
          // Announced under the survivor first, then moved: the feed sends each row as it is at pull time.
          await trx
            .insertInto('changes')
            .columns(['branch_id', 'user_id', 'kind', 'entity_id', 'lead_id'])
            .expression((eb) =>
              eb
                .selectFrom(table)
                .select((s) => [s.val(branchId).as('branch_id'), s.val(null).as('user_id'), s.val(kind).as('kind'), 'id', s.val(toLeadId).as('lead_id')])
                .where('lead_id', '=', fromLeadId)
                .orderBy('id'),
            )
            .execute();
          await trx.updateTable(table).set({ lead_id: toLeadId }).where('lead_id', '=', fromLeadId).execute();
        }
        continue;
      }
      const { leadId, branchId } = action.copyChildren;
      for (const [table, kind] of CHILD_TABLES) {
        await trx
          .insertInto('changes')
          .columns(['branch_id', 'user_id', 'kind', 'entity_id', 'lead_id'])
          .expression((eb) =>
            eb
              .selectFrom(table)
              .select((s) => [s.val(branchId).as('branch_id'), s.val(null).as('user_id'), s.val(kind).as('kind'), 'id', 'lead_id'])
              .where('lead_id', '=', leadId)
              .orderBy('id'),
          )
          .execute();
      }
    }
    await flush();
  }
}

/** A lead's history: each table with the feed kind of its rows. */
const CHILD_TABLES = [
  ['call_logs', 'call_log'],
  ['lead_notes', 'lead_note'],
  ['tasks', 'task'],
  ['lead_events', 'lead_event'],
] as const;

type TableName = 'leads' | 'tasks' | 'call_logs' | 'lead_notes' | 'lead_events' | 'conflicts' | 'applied_ops' | 'changes';
type Conflict = { doNothing: string } | { update: true } | { append: true };

/** Rows of one table in as few statements as the store's parameter limit allows. */
function chunks<T extends object>(rows: readonly T[], maxParams: number): T[][] {
  if (rows.length === 0) return [];
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(maxParams / perRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * SQL text of a multi-row insert depends only on its shape (dialect, table, columns,
 * row count, conflict clause), so Kysely builds it once per shape; each push then only
 * flattens its values. Building a 1000-row statement anew cost more than running it.
 */
const statements = new Map<string, string>();

function insertSql(trx: WriteTransaction, dialect: string, table: TableName, columns: string[], rows: number, conflict: Conflict): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}|${JSON.stringify(conflict)}`;
  let text = statements.get(key);
  if (text === undefined) {
    const blank = Array.from({ length: rows }, () => Object.fromEntries(columns.map((c) => [c, null])));
    const query = trx.insertInto(table).values(blank as never);
    const updates = columns.filter((c) => c !== 'id');
    text = (
      'append' in conflict
        ? query
        : 'doNothing' in conflict
        ? query.onConflict((oc) => oc.column(conflict.doNothing as never).doNothing())
        : query.onConflict((oc) => oc.column('id' as never).doUpdateSet((eb) => Object.fromEntries(updates.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never))
    ).compile().sql;
    if (statements.size > 500) statements.clear();
    statements.set(key, text);
  }
  return text;
}

async function writeRows(trx: WriteTransaction, dialect: string, table: TableName, rows: readonly object[], maxParams: number, conflict: Conflict): Promise<void> {
  for (const chunk of chunks(rows, maxParams)) {
    const columns = Object.keys(chunk[0]!);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of columns) parameters.push((row as Record<string, unknown>)[column] ?? null);
    await trx.executeQuery(CompiledQuery.raw(insertSql(trx, dialect, table, columns, chunk.length, conflict), parameters));
  }
}

/** A record already stored under this id (sent again under a new op id) is kept as it is. */
const insert = (trx: WriteTransaction, dialect: string, table: TableName, rows: readonly object[], maxParams: number, key = 'id') =>
  writeRows(trx, dialect, table, rows, maxParams, { doNothing: key });

const upsert = (trx: WriteTransaction, dialect: string, table: 'leads' | 'tasks', rows: readonly object[], maxParams: number) =>
  writeRows(trx, dialect, table, rows, maxParams, { update: true });
