import { sql, type ColumnDefinitionBuilder } from 'kysely';
import type { Migration } from './migration';

/** Leads, their children, the outbox, sync bookkeeping and the search index. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up({ q, run, exec }) {
    const stages = sql.raw(`'new','contacted','viewing','negotiation','closed'`);
    run(
      q.schema
        .createTable('leads')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phones', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('email', 'text')
        .addColumn('source', 'text')
        .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in (${stages})`))
        .addColumn('outcome', 'text', (c) => c.check(sql`outcome is null or outcome in ('won','lost')`))
        .addColumn('lost_reason', 'text')
        .addColumn('budget_min', 'integer')
        .addColumn('budget_max', 'integer')
        .addColumn('property_type', 'text')
        .addColumn('property_area', 'text')
        .addColumn('owner_id', 'text')
        .addColumn('branch_id', 'text')
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('next_follow_up_at', 'text')
        .addColumn('last_contacted_at', 'text')
        .addColumn('stage_entered_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('server_version', 'integer')
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0).check(sql`deleted in (0,1)`)),
    );
    // Keyset paging walks one of these per sort (partial on live rows, so tombstones
    // cost nothing). Each index slows every insert, so only the common walks get one:
    // newest-first within a stage or an owner; other combinations filter while walking.
    const live = sql<boolean>`deleted = 0`;
    run(q.schema.createIndex('leads_by_updated').on('leads').columns(['updated_at', 'seq']).where(live));
    run(q.schema.createIndex('leads_by_stage_updated').on('leads').columns(['stage', 'updated_at', 'seq']).where(live));
    run(q.schema.createIndex('leads_by_owner_updated').on('leads').columns(['owner_id', 'updated_at', 'seq']).where(live));
    run(q.schema.createIndex('leads_by_created').on('leads').columns(['created_at', 'seq']).where(live));
    run(q.schema.createIndex('leads_by_name').on('leads').columns(['name', 'seq']).where(live));
    // Narrow on purpose: the board's five column counts scan it (about 12 bytes a lead).
    // Counts kept by triggers were tried: a trigger makes every bulk insert keep a
    // statement journal, which tripled the cost of a 100K-row import.
    run(q.schema.createIndex('leads_by_stage').on('leads').column('stage').where(live));
    // Follow-up sort puts leads without a follow-up last (named expression index).
    exec(`CREATE INDEX leads_by_follow_up ON leads (coalesce(next_follow_up_at, '9999'), seq) WHERE deleted = 0`);

    const child = (table: string) => q.schema.createTable(table).addColumn('id', 'text', (c) => c.primaryKey());
    const leadRef = (c: ColumnDefinitionBuilder) => c.notNull().references('leads.id').onDelete('cascade');

    run(
      child('call_logs')
        .addColumn('lead_id', 'text', leadRef)
        .addColumn('outcome', 'text', (c) =>
          c.notNull().check(sql`outcome in ('answered','no_answer','voicemail','busy','wrong_number')`),
        )
        .addColumn('duration_s', 'integer', (c) => c.notNull().check(sql`duration_s >= 0`))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull()),
    );
    run(q.schema.createIndex('call_logs_by_lead').on('call_logs').columns(['lead_id', 'occurred_at']));
    run(q.schema.createIndex('call_logs_by_time').on('call_logs').columns(['occurred_at']));

    run(
      child('lead_notes')
        .addColumn('lead_id', 'text', leadRef)
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('occurred_at', 'text', (c) => c.notNull()),
    );
    run(q.schema.createIndex('lead_notes_by_lead').on('lead_notes').columns(['lead_id', 'occurred_at']));

    run(
      child('tasks')
        .addColumn('lead_id', 'text', leadRef)
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .addColumn('author_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    run(q.schema.createIndex('tasks_by_lead').on('tasks').columns(['lead_id', 'due_at']));
    run(q.schema.createIndex('tasks_open_by_due').on('tasks').columns(['due_at']).where(sql<boolean>`done_at is null`));

    run(
      child('lead_events')
        .addColumn('lead_id', 'text', leadRef)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_stage', 'text')
        .addColumn('to_stage', 'text')
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('actor_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull()),
    );
    run(q.schema.createIndex('lead_events_by_lead').on('lead_events').columns(['lead_id', 'at']));

    // AUTOINCREMENT: a sequence number is never reused after its op leaves.
    exec(`CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      op_id TEXT NOT NULL UNIQUE,
      entity TEXT NOT NULL CHECK (entity IN ('lead','call_log','lead_note','task')),
      entity_id TEXT NOT NULL,
      lead_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('create','update','delete','restore')),
      payload TEXT NOT NULL,
      base_version INTEGER,
      payload_version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      sent_at TEXT
    )`);
    run(q.schema.createIndex('outbox_by_lead').on('outbox').columns(['lead_id', 'seq']));

    run(
      q.schema
        .createTable('sync_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('server_url', 'text')
        .addColumn('user_id', 'text')
        .addColumn('cursor', 'text'),
    );

    run(
      q.schema
        .createTable('conflicts')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('op_id', 'text', (c) => c.notNull())
        .addColumn('lead_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('my_value', 'text', (c) => c.notNull())
        .addColumn('kept_value', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('kept_by', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('restored_at', 'text')
        .addUniqueConstraint('conflicts_once_per_op_field', ['op_id', 'field']),
    );

    // Contentless FTS5 over normalised text (shared/search-text.ts); rowid = leads.seq.
    // phones_rev holds reversed digits so a trailing-digits query is a prefix query.
    exec(`CREATE VIRTUAL TABLE leads_fts USING fts5(
      name, phones, phones_rev, email, notes,
      content='', contentless_delete=1, prefix='3',
      tokenize='unicode61 remove_diacritics 0'
    )`);
    // Segment merging is done when the app is idle (db/store-upkeep.ts), not inside edits.
    exec(`INSERT INTO leads_fts (leads_fts, rank) VALUES ('automerge', 0)`);
  },
  down({ exec }) {
    for (const table of ['leads_fts', 'conflicts', 'sync_state', 'outbox', 'lead_events', 'tasks', 'lead_notes', 'call_logs', 'leads']) {
      exec(`DROP TABLE IF EXISTS ${table}`);
    }
  },
};
