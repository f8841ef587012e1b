import { sql, type Selectable } from 'kysely';
import { LEAD_SYNCED_FIELDS, type LeadValues } from '../../shared/model';
import type { FieldChange, JsonValue, OutboxOp } from '../../shared/outbox';
import type {
  ConflictRecord,
  EntityRow,
  FeedItem,
  PushResult,
  ServerCallLog,
  ServerLead,
  ServerLeadEvent,
  ServerLeadNote,
  ServerTask,
} from '../../shared/protocol';
import { newId } from '../../shared/ids';
import { AppError } from '../../shared/result';
import type { Conflict, ParkedOp } from '../../shared/sync-status';
import type { OutboxTable, ResyncEntity } from '../db/schema';
import { restoreIndexes, setLeadIndexesAsideWhenEmpty } from '../db/indexes-set-aside';
import type { RepositoryContext } from './context';
import { LEAD_COLUMNS, nameKeyColumns, toColumnValue } from './lead-rows';
import { serverCopyOf } from './lead-repository';
import { queuedOp } from './outbox-json';
import { refreshLeadTimes } from './derived-lead-times';
import { HISTORY_TABLES, moveLeadHistory, type HistoryTable } from './lead-history';
import { SearchIndex } from './search-index';

/** Parking code for ops on a lead that left the user's branches. */
export const OUT_OF_SCOPE = 'out_of_scope';

interface StoredPayload {
  values?: Record<string, JsonValue>;
  changes?: Record<string, FieldChange>;
  /** A merge's local record of the history rows it moved to the survivor, by table. */
  local?: { moved?: Partial<Record<HistoryTable, string[]>> };
}


export interface PushOutcome {
  pushed: number;
  merged: number;
  parked: number;
}

/**
 * Sync's side of the local database: which ops to send, what the server answered,
 * and the pulled feed. A record shown to the user is always the server's last copy
 * with the user's pending ops laid on top (`rebuildLead`), so a pull never hides an
 * unsent edit and a discarded op puts the server's state back.
 */
export class SyncRepository {
  private readonly search: SearchIndex;
  /** Hot-path statements, compiled once: a first sync applies 100K rows through them. */
  private readonly sql;

  constructor(private readonly ctx: RepositoryContext) {
    this.search = new SearchIndex(ctx.store);
    const { store } = ctx;
    const serverColumns = Object.keys(serverLeadColumns(SAMPLE_LEAD));
    this.sql = {
      // Parameters go in SQL order: SET values, then WHERE.
      readServerRow: {
        leads: store.prepared(store.q.selectFrom('leads').select('server_row').where('id', '=', '')),
        tasks: store.prepared(store.q.selectFrom('tasks').select('server_row').where('id', '=', '')),
      },
      writeServerRow: {
        leads: store.prepared(store.q.updateTable('leads').set({ server_row: '', server_version: 0 }).where('id', '=', '')),
        tasks: store.prepared(store.q.updateTable('tasks').set({ server_row: '', server_version: 0 }).where('id', '=', '')),
      },
      readLeadForPull: store.prepared(
        store.q.selectFrom('leads').select(['seq', 'name', 'phones', 'email', 'notes', 'deleted']).where('id', '=', ''),
      ),
      serverColumns,
      updateLeadFromServer: store.prepared(
        store.q
          .updateTable('leads')
          .set(Object.fromEntries(serverColumns.map((c) => [c, null])))
          .where('id', '=', ''),
      ),
      insertLeadFromServer: store.preparedInsert('leads', [...serverColumns, 'id'] as never),
      leadExists: store.prepared(store.q.selectFrom('leads').select('id').where('id', '=', '')),
      // Both take a JSON list of [leadId, seq, version] (json_each: one statement per push).
      leadsWithOtherOps: store.statement(LEADS_WITH_OTHER_OPS),
      confirmServerCopies: store.statement(CONFIRM_SERVER_COPIES),
      otherLeadOp: store.prepared(
        store.q.selectFrom('outbox').select('seq').where('lead_id', '=', '').where('entity', '=', 'lead').where('seq', '!=', 0).limit(1),
      ),
      // Upserts: VALUES in column order, then the same values again for DO UPDATE.
      upsertEvent: store.prepared(
        store.q
          .insertInto('lead_events')
          .values({ id: '', lead_id: '', kind: '', from_stage: null, to_stage: null, data: '', actor_id: null, at: '' })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              lead_id: eb.ref('excluded.lead_id'),
              kind: eb.ref('excluded.kind'),
              from_stage: eb.ref('excluded.from_stage'),
              to_stage: eb.ref('excluded.to_stage'),
              data: eb.ref('excluded.data'),
              actor_id: eb.ref('excluded.actor_id'),
              at: eb.ref('excluded.at'),
            })),
          ),
      ),
      upsertCallLog: store.prepared(
        store.q
          .insertInto('call_logs')
          .values({ id: '', lead_id: '', outcome: '', duration_s: 0, note: '', occurred_at: '', author_id: null, created_at: '' })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ lead_id: eb.ref('excluded.lead_id'), author_id: eb.ref('excluded.author_id'), note: eb.ref('excluded.note') })),
          ),
      ),
      strikeOffResync: store.prepared(store.q.deleteFrom('resync_unseen').where('entity', '=', 'lead').where('id', '=', '')),
      upsertNote: store.prepared(
        store.q
          .insertInto('lead_notes')
          .values({ id: '', lead_id: '', body: '', author_id: null, occurred_at: '' })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ lead_id: eb.ref('excluded.lead_id'), author_id: eb.ref('excluded.author_id'), body: eb.ref('excluded.body') })),
          ),
      ),
    };
  }

  /**
   * The next ops to send, oldest first: not parked, and not on a lead that has a
   * parked op (later ops on that record wait behind it; other records go on). Within
   * one push a lead contributes one op, or its create followed by the creates of its
   * calls, notes and follow-ups: if the server refuses an edit, nothing queued after it
   * on that record has been applied behind its back. Leads in `inFlight` (a push not yet
   * answered) are skipped entirely.
   */
  nextBatch(limit: number, inFlight: ReadonlySet<string> = new Set()): OutboxOp[] {
    const { store } = this.ctx;
    const rows = store.all(
      store.q
        .selectFrom('outbox')
        .select(['seq', 'op_id', 'entity', 'entity_id', 'lead_id', 'type', 'base_version', 'payload_version'])
        // The op as pushed, built from the stored payload text (see outbox-json.ts).
        .select(sql<string>`${sql.raw(OP_JSON)}`.as('json'))
        // Only a merge's own payload is read here (mergeMustWait); others are null.
        .select(sql<string>`CASE WHEN type = 'merge' THEN payload END`.as('payload'))
        .where('parked_at', 'is', null)
        .where('lead_id', 'not in', (qb) => qb.selectFrom('outbox').select('lead_id').where('parked_at', 'is not', null))
        .$if(inFlight.size > 0, (q) =>
          q.where('lead_id', 'not in', sql<string>`(SELECT value FROM json_each(${JSON.stringify([...inFlight])}))`),
        )
        .orderBy('seq')
        .limit(limit),
    );
    const open = new Map<string, boolean>(); // lead → may more of its ops join this push?
    const batch: OutboxOp[] = [];
    const inBatch = new Set<string>();
    for (const row of rows) {
      const state = open.get(row.lead_id);
      const createsOnly = row.type === 'create';
      if (row.type === 'merge' && state === undefined && this.mergeMustWait(row, inBatch, inFlight)) {
        open.set(row.lead_id, false);
        continue;
      }
      if (state === undefined) {
        batch.push(queuedOp(row, row.json));
        inBatch.add(row.op_id);
        open.set(row.lead_id, createsOnly);
      } else if (state && createsOnly) {
        batch.push(queuedOp(row, row.json));
        inBatch.add(row.op_id);
      } else {
        open.set(row.lead_id, false);
      }
    }
    return batch;
  }

  /**
   * A merge goes after everything queued earlier on the lead it merges away: those edits
   * were made before the merge, and must not reach the server as late edits of the survivor.
   */
  private mergeMustWait(merge: Pick<Selectable<OutboxTable>, 'seq' | 'payload'>, inBatch: ReadonlySet<string>, inFlight: ReadonlySet<string>): boolean {
    const mergedId = (JSON.parse(merge.payload) as StoredPayload).values?.mergedId;
    if (typeof mergedId !== 'string') return false;
    if (inFlight.has(mergedId)) return true;
    const { store } = this.ctx;
    const earlier = store.all(store.q.selectFrom('outbox').select('op_id').where('lead_id', '=', mergedId).where('seq', '<', merge.seq));
    return earlier.some((op) => !inBatch.has(op.op_id));
  }

  /**
   * The next batch, frozen for sending in the same transaction that reads it: an edit
   * committed in between (by the CLI beside the app) would otherwise fold into an op
   * already read, and its value would never be sent.
   */
  takeNextBatch(limit: number, inFlight: ReadonlySet<string> = new Set()): OutboxOp[] {
    return this.ctx.store.transaction(() => {
      const ops = this.nextBatch(limit, inFlight);
      if (ops.length) this.markSent(ops);
      return ops;
    });
  }

  /** From now on these ops are frozen: later edits queue new ops instead of folding in. */
  private markSent(ops: readonly OutboxOp[]): void {
    const { store } = this.ctx;
    store.run(
      store.q
        .updateTable('outbox')
        .set({ sent_at: this.ctx.now().toISOString() })
        .where('seq', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ops.map((op) => op.seq))}))`)
        .where('sent_at', 'is', null),
    );
  }

  /** Records the server's answers in one transaction; an op leaves the outbox only here. */
  applyPushResults(ops: readonly OutboxOp[], results: readonly PushResult[], serverTime: string): PushOutcome {
    const { store } = this.ctx;
    const outcome: PushOutcome = { pushed: 0, merged: 0, parked: 0 };
    const rebuildLeads = new Set<string>();
    const rebuildTasks = new Set<string>();
    const done: number[] = [];
    // Applied lead ops are confirmed together, in statement order with everything else:
    // the list is written out before any other answer touches the database.
    let confirmed: { op: OutboxOp; version: number }[] = [];
    const confirmPending = () => {
      if (confirmed.length) this.confirmAppliedLeads(confirmed);
      confirmed = [];
    };
    store.transaction(() => {
      results.forEach((result, i) => {
        const op = ops[i];
        if (!op || op.opId !== result.opId) throw new Error('The server answered for other ops than were sent.');
        if (result.status === 'applied' && !result.redirectedTo && op.entity === 'lead' && op.type !== 'merge') {
          done.push(op.seq);
          outcome.pushed++;
          confirmed.push({ op, version: result.version });
          return;
        }
        confirmPending();
        if (result.status === 'rejected') {
          store.run(
            store.q
              .updateTable('outbox')
              .set({ parked_at: serverTime, parked_code: result.code, parked_message: result.message })
              .where('seq', '=', op.seq),
          );
          outcome.parked++;
          return;
        }
        done.push(op.seq);
        outcome.pushed++;
        if (result.status === 'applied') {
          // Applied to the lead this one was merged into: the next pull brings both as they are now.
          if (result.redirectedTo) return;
          // Stored exactly as sent: what the user sees is already right.
          this.confirmApplied(op, result.version);
          return;
        }
        if (result.row) this.storeServerRow(result.row, false);
        if (op.entity === 'lead') rebuildLeads.add(result.status === 'merged' ? (result.redirectedTo ?? op.leadId) : op.leadId);
        if (op.entity === 'task') rebuildTasks.add(op.entityId);
        if (result.status !== 'merged') return;
        outcome.merged++;
        for (const field of result.fields) {
          if (field.rule === 'phones_merged') continue; // a merged set loses nobody's number
          this.logConflict({
            opId: op.opId,
            leadId: op.leadId,
            entity: op.entity,
            entityId: op.entityId,
            field: field.field,
            myValue: field.yourValue,
            keptValue: field.keptValue,
            rule: field.rule,
            keptBy: null,
            at: serverTime,
          });
          // The server kept its own stage: it made no event for ours, and neither do we.
          if (field.rule === 'stage_kept' && field.field === 'stage') {
            store.run(store.q.deleteFrom('lead_events').where('id', '=', op.opId));
          }
        }
      });
      confirmPending();
      store.run(store.q.deleteFrom('outbox').where('seq', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(done)}))`));
      for (const id of rebuildLeads) this.rebuildLead(id);
      for (const id of rebuildTasks) this.rebuildTask(id);
    });
    return outcome;
  }

  /** One pulled page and the cursor after it, in one transaction. */
  applyFeedPage(items: readonly FeedItem[], cursor: string): void {
    const { store } = this.ctx;
    const derived = new Set<string>();
    store.transaction(() => {
      // Leads with queued ops get the careful path (server copy + pending ops on top).
      const pending = new Set(store.all(store.q.selectFrom('outbox').select('lead_id').distinct()).map((r) => r.lead_id));
      // A queued merge also holds the lead it merges away (read from the outbox_merges index).
      const merging = store.all(store.q.selectFrom('outbox').select(MERGED_ID.as('merged_id')).where('type', '=', 'merge'));
      for (const { merged_id } of merging) if (typeof merged_id === 'string') pending.add(merged_id);
      const resyncing = store.first(store.q.selectFrom('resync_unseen').select('id').limit(1)) !== undefined;
      for (const item of items) {
        if (resyncing) this.strikeOffResync(item);
        switch (item.kind) {
          case 'lead':
            if (pending.has(item.lead.id)) this.storeServerRow({ entity: 'lead', lead: item.lead }, true);
            else this.putServerLead(item.lead);
            if (item.lead.mergedInto && this.moveHistory(item.lead.id, item.lead.mergedInto)) derived.add(item.lead.mergedInto);
            break;
          case 'call_log':
            if (this.upsertCallLog(item.callLog)) derived.add(item.callLog.leadId);
            break;
          case 'lead_note':
            this.upsertNote(item.note);
            break;
          case 'task':
            this.storeServerRow({ entity: 'task', task: item.task }, true);
            derived.add(item.task.leadId);
            break;
          case 'lead_event':
            // Creation shows from the lead's own created_at; storing it again would
            // double the rows of a first sync.
            if (item.event.kind !== 'created') this.upsertEvent(item.event);
            break;
          case 'lead_removed':
            this.removeLead(item.leadId);
            break;
          case 'conflict':
            this.logServerConflict(item.conflict);
            break;
        }
      }
      for (const leadId of derived) refreshLeadTimes(this.ctx.store, leadId);
      store.run(store.q.updateTable('sync_state').set({ cursor }).where('id', '=', 1));
    });
  }

  /**
   * Before pulling: when this is a first sync into an empty database, the leads' secondary
   * indexes are set aside until `endBulkLoad` (see db/indexes-set-aside.ts). True if so.
   */
  beginBulkLoad(): boolean {
    const { store } = this.ctx;
    const fresh = store.first(store.q.selectFrom('sync_state').select('cursor').where('id', '=', 1))?.cursor == null;
    return fresh && setLeadIndexesAsideWhenEmpty(store);
  }

  /** Builds the set-aside indexes again, letting other work run between them. */
  async endBulkLoad(): Promise<void> {
    await restoreIndexes(this.ctx.store);
  }

  /**
   * A 410 from the server (restored from a backup, or another database): pull everything
   * again. Unsynced ops stay, and so does every record until the new feed has been read
   * to its end (`finishResync`): the user keeps working, offline too, meanwhile.
   */
  startResync(): void {
    const { store } = this.ctx;
    store.transaction(() => {
      for (const [entity, table] of Object.entries(RESYNC_TABLES)) {
        // Named raw SQL: INSERT … SELECT of constant names, never input.
        store.connection.exec(`INSERT OR IGNORE INTO resync_unseen (entity, id) SELECT '${entity}', id FROM ${table}`);
      }
      store.run(store.q.updateTable('sync_state').set({ cursor: null }).where('id', '=', 1));
    });
  }

  /**
   * The resync's feed has ended: what it never brought is gone from the server, and
   * goes here too, unless an unsynced op still holds it (then the op decides).
   */
  finishResync(): void {
    const { store } = this.ctx;
    if (!store.first(store.q.selectFrom('resync_unseen').select('id').limit(1))) return;
    const touched = store.transaction(() => {
      const queued = store.all(store.q.selectFrom('outbox').select(['lead_id', 'entity_id', 'op_id', MERGED_ID.as('merged_id')]));
      const held = new Set(queued.flatMap((op) => [op.lead_id, op.entity_id, op.op_id, ...(op.merged_id ? [op.merged_id] : [])]));
      const touched = new Set<string>();
      for (const { entity, id } of store.all(store.q.selectFrom('resync_unseen').selectAll())) {
        if (held.has(id)) continue;
        if (entity === 'lead') {
          if (this.purgeLead(id)) touched.add(id);
        } else {
          const table = RESYNC_TABLES[entity];
          const child = store.first(store.q.selectFrom(table).select('lead_id').where('id', '=', id));
          if (!child) continue;
          store.run(store.q.deleteFrom(table).where('id', '=', id));
          touched.add(child.lead_id);
        }
      }
      store.run(store.q.deleteFrom('resync_unseen'));
      for (const leadId of touched) {
        if (store.first(store.q.selectFrom('leads').select('id').where('id', '=', leadId))) refreshLeadTimes(store, leadId);
      }
      return touched;
    });
    if (touched.size) this.ctx.events.emit('leadsChanged', { ids: [...touched] });
  }

  parked(): ParkedOp[] {
    const { store } = this.ctx;
    return store
      .all(store.q.selectFrom('outbox').selectAll().where('parked_at', 'is not', null).orderBy('seq'))
      .map((row) => ({
        seq: row.seq,
        opId: row.op_id,
        entity: row.entity,
        entityId: row.entity_id,
        leadId: row.lead_id,
        type: row.type,
        code: row.parked_code ?? 'rejected',
        reason: row.parked_message ?? '',
        parkedAt: row.parked_at!,
      }));
  }

  /** Sends a parked op again at the next sync (after the cause was fixed elsewhere). */
  retryParked(opId: string): void {
    const { store } = this.ctx;
    const result = store.run(
      store.q
        .updateTable('outbox')
        .set({ parked_at: null, parked_code: null, parked_message: null })
        .where('op_id', '=', opId)
        .where('parked_at', 'is not', null),
    );
    if (result.changes === 0) throw new AppError('not_found', `No parked change with id ${opId}.`);
  }

  /**
   * Drops a parked op and puts its record back to the server's state. Discarding a
   * parked lead create discards everything queued on that lead (its calls, notes and
   * follow-ups cannot exist without it).
   */
  discardParked(opId: string): void {
    const { store } = this.ctx;
    const leadId = store.transaction(() => {
      const row = store.first(store.q.selectFrom('outbox').selectAll().where('op_id', '=', opId).where('parked_at', 'is not', null));
      if (!row) throw new AppError('not_found', `No parked change with id ${opId}.`);
      const dropped: Selectable<OutboxTable>[] =
        row.entity === 'lead' && row.type === 'create'
          ? store.all(store.q.selectFrom('outbox').selectAll().where('lead_id', '=', row.lead_id))
          : [row];
      for (const op of dropped) {
        store.run(store.q.deleteFrom('outbox').where('seq', '=', op.seq));
        store.run(store.q.deleteFrom('lead_events').where('id', '=', op.op_id));
        if (op.type === 'create' && op.entity === 'call_log') store.run(store.q.deleteFrom('call_logs').where('id', '=', op.entity_id));
        if (op.type === 'create' && op.entity === 'lead_note') store.run(store.q.deleteFrom('lead_notes').where('id', '=', op.entity_id));
        if (op.entity === 'task') this.rebuildTask(op.entity_id);
        if (op.type === 'merge') this.undoLocalMerge(op);
      }
      this.rebuildLead(row.lead_id);
      if (store.first(store.q.selectFrom('leads').select('id').where('id', '=', row.lead_id))) refreshLeadTimes(this.ctx.store, row.lead_id);
      return row.lead_id;
    });
    this.ctx.events.emit('leadsChanged', { ids: [leadId] });
  }

  conflicts(includeRestored = false): Conflict[] {
    const { store } = this.ctx;
    return store
      .all(
        store.q
          .selectFrom('conflicts')
          .selectAll()
          .$if(!includeRestored, (q) => q.where('restored_at', 'is', null))
          .orderBy('id', 'desc'),
      )
      .map((row) => ({
        id: row.id,
        opId: row.op_id,
        leadId: row.lead_id,
        entity: row.entity,
        entityId: row.entity_id,
        field: row.field,
        myValue: JSON.parse(row.my_value) as unknown,
        keptValue: JSON.parse(row.kept_value) as unknown,
        rule: row.rule,
        keptBy: row.kept_by,
        at: row.at,
        restoredAt: row.restored_at,
      }));
  }

  conflict(id: number): Conflict {
    const found = this.conflicts(true).find((c) => c.id === id);
    if (!found) throw new AppError('not_found', `No conflict with id ${id}.`);
    return found;
  }

  markRestored(ids: readonly number[]): void {
    const { store } = this.ctx;
    const at = this.ctx.now().toISOString();
    for (const id of ids) store.run(store.q.updateTable('conflicts').set({ restored_at: at }).where('id', '=', id));
  }

  /**
   * Binds this data folder to a server and user. Rebinding drops what the previous
   * binding pulled (it belongs to another office or person), and is refused while any
   * change still waits to be sent: that work would otherwise be lost or sent as someone else.
   * A null user (signed in offline, token not yet confirmed) binds the server alone.
   */
  bind(serverUrl: string, userId: string | null): void {
    const { store } = this.ctx;
    store.transaction(() => {
      const state = store.first(store.q.selectFrom('sync_state').selectAll().where('id', '=', 1))!;
      const same = state.server_url === serverUrl && (userId === null || state.user_id === userId || state.user_id === null);
      if (same) {
        if (userId !== null) store.run(store.q.updateTable('sync_state').set({ user_id: userId, blocked: null }).where('id', '=', 1));
        return;
      }
      if (state.server_url !== null || state.user_id !== null) {
        const pending = store.first(store.q.selectFrom('outbox').select((e) => e.fn.countAll<number>().as('n')))!.n;
        if (pending > 0) {
          throw new AppError(
            'not_allowed',
            `This data folder holds ${pending} unsynced change(s) for ${state.server_url ?? 'another server'}` +
              `${state.user_id ? ` (user ${state.user_id})` : ''}; sync them there before signing in elsewhere.`,
          );
        }
        store.connection.exec(`DELETE FROM leads_fts`);
        store.run(store.q.deleteFrom('leads'));
        store.run(store.q.deleteFrom('conflicts'));
        // The server binds a client id to its first user: another user needs a new one.
        store.run(store.q.updateTable('sync_state').set({ client_id: newId() }).where('id', '=', 1));
      }
      store.run(
        store.q
          .updateTable('sync_state')
          .set({ server_url: serverUrl, user_id: userId, cursor: null, blocked: null, last_error: null, next_retry_at: null })
          .where('id', '=', 1),
      );
    });
  }

  // ------------------------------------------------------------------ records

  /**
   * `confirmApplied` for many lead ops in two statements (a drain confirms 2,000 per
   * push): a lead with nothing else queued on it becomes exactly the server's copy; the
   * rest take the careful path one by one.
   */
  private confirmAppliedLeads(confirmed: readonly { op: OutboxOp; version: number }[]): void {
    const json = JSON.stringify(confirmed.map(({ op, version }) => [op.leadId, op.seq, version]));
    const careful = new Set((this.sql.leadsWithOtherOps.all(json) as { lead_id: string }[]).map((r) => r.lead_id));
    const plain = careful.size ? confirmed.filter(({ op }) => !careful.has(op.leadId)) : confirmed;
    this.sql.confirmServerCopies.run(careful.size ? JSON.stringify(plain.map(({ op, version }) => [op.leadId, op.seq, version])) : json);
    for (const { op, version } of confirmed) if (careful.has(op.leadId)) this.confirmApplied(op, version);
  }

  private confirmApplied(op: OutboxOp, version: number): void {
    if (op.type === 'merge') this.confirmMergedAway(op);
    const table = op.entity === 'lead' ? 'leads' : op.entity === 'task' ? 'tasks' : null;
    if (!table) return; // calls and notes never change after creation
    const id = op.entity === 'lead' ? op.leadId : op.entityId;
    if (op.entity === 'lead' && this.sql.otherLeadOp.get(op.leadId, 'lead', op.seq, 1) === undefined) {
      // Nothing else queued on the lead: the row now is exactly the server's copy.
      this.sql.writeServerRow.leads.run(null, version, id);
      return;
    }
    const row = this.sql.readServerRow[table].get(id) as { server_row: string | null } | undefined;
    if (!row) return;
    if (op.entity === 'lead' && !row.server_row && op.type !== 'create') {
      // Edited before any server copy was kept cannot happen (edits snapshot it first);
      // but if it did, the row itself is the best copy there is.
      const full = this.ctx.store.first(this.ctx.store.q.selectFrom('leads').selectAll().where('id', '=', id));
      if (full) row.server_row = JSON.stringify(serverCopyOf(full));
    }
    // What the server stored is exactly what was sent: fold it into our copy of its row.
    const server = (row.server_row ? JSON.parse(row.server_row) : { ...op.values, deleted: false }) as Record<string, JsonValue>;
    if (op.type === 'update' || op.type === 'merge') for (const [field, change] of Object.entries(op.changes ?? {})) server[field] = change.value;
    if (op.type === 'delete') server.deleted = true;
    if (op.type === 'restore') server.deleted = false;
    server.version = version;
    this.sql.writeServerRow[table].run(JSON.stringify(server), version, id);
  }

  /** The merged-away lead's copy of the server row is a tombstone now too. */
  private confirmMergedAway(op: OutboxOp): void {
    const mergedId = op.values?.mergedId;
    if (typeof mergedId !== 'string') return;
    const row = this.sql.readServerRow.leads.get(mergedId) as { server_row: string | null } | undefined;
    if (!row?.server_row) return;
    const server = { ...(JSON.parse(row.server_row) as ServerLead), deleted: true, mergedInto: op.leadId };
    this.ctx.store.run(this.ctx.store.q.updateTable('leads').set({ server_row: JSON.stringify(server) }).where('id', '=', mergedId));
  }

  /**
   * The pull's common case: a lead with nothing queued locally is the server's row,
   * written straight in (prepared statements; the first sync brings 100K of them).
   */
  private putServerLead(lead: ServerLead): void {
    const existing = this.sql.readLeadForPull.get(lead.id) as
      | { seq: number; name: string; phones: string; email: string | null; notes: string; deleted: number }
      | undefined;
    if (!existing) return this.insertServerLead(lead);
    const columns = serverLeadColumns(lead);
    this.sql.updateLeadFromServer.run(...this.sql.serverColumns.map((c) => columns[c]), lead.id);
    const searchChanged =
      existing.name !== columns.name || existing.phones !== columns.phones || existing.email !== columns.email || existing.notes !== columns.notes;
    if (lead.deleted && !existing.deleted) this.search.remove(existing.seq);
    else if (!lead.deleted && existing.deleted) this.search.add(existing.seq, lead);
    else if (!lead.deleted && searchChanged) this.search.replace(existing.seq, lead);
  }

  /** Stores the server's copy; `rebuild` lays pending ops over it now (else the caller does). */
  private storeServerRow(row: EntityRow, rebuild: boolean): void {
    const { store } = this.ctx;
    switch (row.entity) {
      case 'lead': {
        const exists = store.first(store.q.selectFrom('leads').select('id').where('id', '=', row.lead.id));
        if (!exists) this.insertServerLead(row.lead);
        // Kept beside the row even when it was just inserted: pending ops are laid over
        // the row, and discarding one must find the server's own copy, not the mix.
        store.run(store.q.updateTable('leads').set({ server_row: JSON.stringify(row.lead) }).where('id', '=', row.lead.id));
        if (rebuild) this.rebuildLead(row.lead.id);
        return;
      }
      case 'task': {
        const task = row.task;
        if (!this.leadExists(task.leadId)) return;
        store.run(
          store.q
            .insertInto('tasks')
            .values({
              id: task.id,
              lead_id: task.leadId,
              title: task.title,
              due_at: task.dueAt,
              done_at: task.doneAt,
              author_id: task.authorId,
              created_at: task.createdAt,
              updated_at: task.updatedAt,
              server_version: task.version,
              server_row: JSON.stringify(task),
            })
            .onConflict((oc) => oc.column('id').doUpdateSet({ lead_id: task.leadId, server_row: JSON.stringify(task), author_id: task.authorId })),
        );
        if (rebuild) this.rebuildTask(task.id);
        return;
      }
      case 'call_log':
        this.upsertCallLog(row.callLog);
        return;
      case 'lead_note':
        this.upsertNote(row.note);
        return;
    }
  }

  private insertServerLead(lead: ServerLead): void {
    const result = this.sql.insertLeadFromServer({ ...serverLeadColumns(lead), id: lead.id });
    if (!lead.deleted) this.search.add(Number(result.lastInsertRowid), lead);
  }

  /**
   * Lays the lead's pending ops (parked ones too: the user's change stays visible until
   * discarded) over the server's copy and writes the result. A lead with neither a
   * server copy nor a pending create is gone.
   */
  private rebuildLead(leadId: string): void {
    const { store } = this.ctx;
    const row = store.first(store.q.selectFrom('leads').selectAll().where('id', '=', leadId));
    const server = row?.server_row
      ? (JSON.parse(row.server_row) as ServerLead)
      : row && row.server_version !== null
        ? serverCopyOf(row)
        : null;
    const ops = store.all(
      store.q
        .selectFrom('outbox')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('lead_id', '=', leadId), eb('entity', '=', 'lead')]),
            // A pending merge of this lead into another is queued on the survivor.
            eb.and([eb('type', '=', 'merge'), eb(MERGED_ID, '=', leadId)]),
          ]),
        )
        .orderBy('seq'),
    );
    let values: Record<string, JsonValue> | null = server ? pickSynced(server) : null;
    let deleted = server?.deleted ?? false;
    let mergedInto = server?.mergedInto ?? null;
    for (const op of ops) {
      const payload = JSON.parse(op.payload) as StoredPayload;
      if (op.type === 'create' && payload.values) {
        values = { ...(values ?? {}), ...payload.values };
        deleted = false;
      } else if (op.type === 'merge' && op.lead_id !== leadId) {
        deleted = true;
        mergedInto = op.lead_id;
      } else if ((op.type === 'update' || op.type === 'merge') && values) {
        for (const [field, change] of Object.entries(payload.changes ?? {})) values[field] = change.value;
      } else if (op.type === 'delete') deleted = true;
      else if (op.type === 'restore') deleted = false;
    }
    if (!row) return; // inserted by the caller when the server row first arrives
    if (!values) {
      this.search.remove(row.seq);
      store.run(store.q.deleteFrom('leads').where('id', '=', leadId));
      return;
    }
    const columns: Record<string, string | number | null> = {};
    for (const field of LEAD_SYNCED_FIELDS) {
      columns[LEAD_COLUMNS[field]] = toColumnValue(field, (values[field] ?? null) as LeadValues[typeof field]);
    }
    columns.deleted = deleted ? 1 : 0;
    columns.merged_into = mergedInto;
    Object.assign(columns, nameKeyColumns(String(values.name ?? '')));
    columns.server_version = server?.version ?? null;
    if (server && ops.length === 0) {
      // Nothing of ours on top: the server's times are the truth.
      columns.updated_at = server.updatedAt;
      columns.stage_entered_at = server.stageEnteredAt;
      columns.created_at = server.createdAt;
    }
    const searchable = ['name', 'phones', 'email', 'notes'].some(
      (f) => columns[LEAD_COLUMNS[f as keyof typeof LEAD_COLUMNS]] !== row[LEAD_COLUMNS[f as keyof typeof LEAD_COLUMNS]],
    );
    store.run(store.q.updateTable('leads').set(columns).where('id', '=', leadId));
    if (deleted && !row.deleted) this.search.remove(row.seq);
    else if (!deleted && row.deleted) this.search.add(row.seq, searchableOf(values));
    else if (!deleted && searchable) this.search.replace(row.seq, searchableOf(values));
  }

  private rebuildTask(taskId: string): void {
    const { store } = this.ctx;
    const row = store.first(store.q.selectFrom('tasks').selectAll().where('id', '=', taskId));
    if (!row) return;
    const server = row.server_row ? (JSON.parse(row.server_row) as ServerTask) : null;
    const ops = store.all(store.q.selectFrom('outbox').selectAll().where('entity_id', '=', taskId).orderBy('seq'));
    let values: Record<string, JsonValue> | null = server ? { title: server.title, dueAt: server.dueAt, doneAt: server.doneAt } : null;
    for (const op of ops) {
      const payload = JSON.parse(op.payload) as StoredPayload;
      if (op.type === 'create' && payload.values) values = { ...(values ?? {}), ...payload.values };
      else if (op.type === 'update' && values) for (const [field, change] of Object.entries(payload.changes ?? {})) values[field] = change.value;
    }
    if (!values) {
      store.run(store.q.deleteFrom('tasks').where('id', '=', taskId));
      return;
    }
    store.run(
      store.q
        .updateTable('tasks')
        .set({
          title: values.title as string,
          due_at: values.dueAt as string,
          done_at: (values.doneAt ?? null) as string | null,
          server_version: server?.version ?? null,
          ...(server && ops.length === 0 ? { updated_at: server.updatedAt } : {}),
        })
        .where('id', '=', taskId),
    );
  }

  /**
   * A merge the server refused, discarded: the merged lead comes back as the server has
   * it, with the history this computer had moved to the survivor.
   */
  private undoLocalMerge(op: Selectable<OutboxTable>): void {
    const { store } = this.ctx;
    const payload = JSON.parse(op.payload) as StoredPayload;
    const mergedId = payload.values?.mergedId;
    if (typeof mergedId !== 'string' || !this.leadExists(mergedId)) return;
    for (const table of HISTORY_TABLES) {
      const ids = payload.local?.moved?.[table] ?? [];
      if (ids.length) store.run(store.q.updateTable(table).set({ lead_id: mergedId }).where('id', 'in', ids));
    }
    this.rebuildLead(mergedId);
    refreshLeadTimes(store, mergedId);
  }

  /**
   * A lead merged into another on some other computer: its history here (work not yet
   * sent included) joins the survivor's timeline, as it did on the server.
   */
  private moveHistory(mergedId: string, survivorId: string): boolean {
    if (!this.leadExists(survivorId)) return false;
    moveLeadHistory(this.ctx.store, mergedId, survivorId);
    return true;
  }

  private upsertCallLog(call: ServerCallLog): boolean {
    if (!this.leadExists(call.leadId)) return false;
    this.sql.upsertCallLog.run(call.id, call.leadId, call.outcome, call.durationSeconds, call.note, call.occurredAt, call.authorId, call.createdAt);
    return true;
  }

  private upsertNote(note: ServerLeadNote): void {
    if (!this.leadExists(note.leadId)) return;
    this.sql.upsertNote.run(note.id, note.leadId, note.body, note.authorId, note.occurredAt);
  }

  private upsertEvent(event: ServerLeadEvent): void {
    if (!this.leadExists(event.leadId)) return;
    this.sql.upsertEvent.run(
      event.id,
      event.leadId,
      event.kind,
      event.fromStage,
      event.toStage,
      JSON.stringify(event.data),
      event.actorId,
      event.at,
    );
  }

  /** A resync's feed brought this record again: it stays. */
  private strikeOffResync(item: FeedItem): void {
    const strike = (entity: ResyncEntity, id: string) => this.sql.strikeOffResync.run(entity, id);
    switch (item.kind) {
      case 'lead':
        return void strike('lead', item.lead.id);
      case 'call_log':
        return void strike('call_log', item.callLog.id);
      case 'lead_note':
        return void strike('lead_note', item.note.id);
      case 'task':
        return void strike('task', item.task.id);
      case 'lead_event':
        return void strike('lead_event', item.event.id);
    }
  }

  /** Deletes a lead with its search entry and (by cascade) its history; false if it was not here. */
  private purgeLead(leadId: string): boolean {
    const { store } = this.ctx;
    const row = store.first(store.q.selectFrom('leads').select(['seq', 'deleted']).where('id', '=', leadId));
    if (!row) return false;
    if (!row.deleted) this.search.remove(row.seq);
    store.run(store.q.deleteFrom('leads').where('id', '=', leadId)); // children cascade
    return true;
  }

  /**
   * The lead left the user's branches: purge it and its history; park what was queued
   * on it (also ops the server already refused for that reason, which said less).
   */
  private removeLead(leadId: string): void {
    const { store } = this.ctx;
    this.purgeLead(leadId);
    store.run(
      store.q
        .updateTable('outbox')
        .set({
          parked_at: this.ctx.now().toISOString(),
          parked_code: OUT_OF_SCOPE,
          parked_message: 'This lead is no longer in your branches; your change was kept here, not sent.',
        })
        .where('lead_id', '=', leadId),
    );
  }

  private logServerConflict(conflict: ConflictRecord): void {
    this.logConflict({
      opId: conflict.opId,
      leadId: conflict.leadId,
      entity: conflict.entity,
      entityId: conflict.entityId,
      field: conflict.field,
      myValue: conflict.yourValue,
      keptValue: conflict.keptValue,
      rule: conflict.rule,
      keptBy: conflict.keptBy ?? null,
      at: conflict.at,
    });
  }

  /** Keyed by op, field and rule: a replayed push or a re-pulled page never logs twice (migration 11). */
  private logConflict(c: {
    opId: string;
    leadId: string;
    entity: string;
    entityId: string;
    field: string;
    myValue: JsonValue;
    keptValue: JsonValue;
    rule: string;
    keptBy: string | null;
    at: string;
  }): void {
    const { store } = this.ctx;
    store.run(
      store.q
        .insertInto('conflicts')
        .values({
          op_id: c.opId,
          lead_id: c.leadId,
          entity: c.entity,
          entity_id: c.entityId,
          field: c.field,
          my_value: JSON.stringify(c.myValue),
          kept_value: JSON.stringify(c.keptValue),
          rule: c.rule,
          kept_by: c.keptBy,
          at: c.at,
        })
        .onConflict((oc) => oc.columns(['op_id', 'field', 'rule']).doNothing()),
    );
  }

  private leadExists(leadId: string): boolean {
    return this.sql.leadExists.get(leadId) !== undefined;
  }


}

// Named raw SQL: json_object and UPDATE … FROM json_each are outside what the query builder can express.
/** An outbox row as the OutboxOp the server is sent, keys in toOutboxOp's order. */
/** Where each kind of record a resync may strike off lives. */
const RESYNC_TABLES = {
  lead: 'leads',
  call_log: 'call_logs',
  lead_note: 'lead_notes',
  task: 'tasks',
  lead_event: 'lead_events',
} as const satisfies Record<ResyncEntity, string>;

/** The lead a queued merge merges away; the same expression as the outbox_merges index (migration 7). */
const MERGED_ID = sql<string | null>`json_extract(payload, '$.values.mergedId')`;
const OP_JSON = `json_object('seq', seq, 'opId', op_id, 'entity', entity, 'entityId', entity_id, 'leadId', lead_id, 'type', type,
  'values', payload -> '$.values', 'changes', payload -> '$.changes', 'baseVersion', base_version,
  'payloadVersion', payload_version, 'createdAt', created_at)`;
/** Of the confirmed [leadId, seq, version] list, the leads with another lead op still queued. */
const LEADS_WITH_OTHER_OPS = `SELECT DISTINCT json_extract(c.value, '$[0]') AS lead_id FROM json_each(?) AS c
  WHERE EXISTS (SELECT 1 FROM outbox AS o WHERE o.lead_id = json_extract(c.value, '$[0]') AND o.entity = 'lead' AND o.seq != json_extract(c.value, '$[1]'))`;
/** Each listed lead is now exactly the server's copy at that version. */
const CONFIRM_SERVER_COPIES = `UPDATE leads SET server_row = NULL, server_version = json_extract(c.value, '$[2]')
  FROM json_each(?) AS c WHERE leads.id = json_extract(c.value, '$[0]')`;

/** Any lead: only its column names are read, to compile the hot-path statements. */
const SAMPLE_LEAD = {
  id: '', name: '', phones: [], email: null, source: null, stage: 'new', outcome: null, lostReason: null,
  budgetMin: null, budgetMax: null, propertyType: null, propertyArea: null, ownerId: null, branchId: null, notes: '',
  stageEnteredAt: '', createdAt: '', updatedAt: '', version: 0, deleted: false, mergedInto: null,
} satisfies ServerLead;

/** Every column a server lead fills (derived follow-up and contact times stay local). */
function serverLeadColumns(lead: ServerLead): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  for (const field of LEAD_SYNCED_FIELDS) columns[LEAD_COLUMNS[field]] = toColumnValue(field, lead[field]);
  columns.stage_entered_at = lead.stageEnteredAt;
  columns.created_at = lead.createdAt;
  columns.updated_at = lead.updatedAt;
  columns.server_version = lead.version;
  columns.deleted = lead.deleted ? 1 : 0;
  columns.merged_into = lead.mergedInto ?? null;
  // Nothing queued on it: the row is the server's copy (see LeadRepository.keepServerCopy).
  columns.server_row = null;
  Object.assign(columns, nameKeyColumns(lead.name));
  return columns;
}

function pickSynced(lead: ServerLead): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  for (const field of LEAD_SYNCED_FIELDS) values[field] = lead[field] as unknown as JsonValue;
  return values;
}

function searchableOf(values: Record<string, JsonValue>) {
  return {
    name: String(values.name ?? ''),
    phones: (values.phones ?? []) as unknown as { raw: string; e164: string | null }[],
    email: (values.email ?? null) as string | null,
    notes: String(values.notes ?? ''),
  };
}
