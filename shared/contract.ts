/**
 * The one contract between the UI and the core. Every channel names its request
 * validator and its response type; the handler table in `main/`, the Electron IPC
 * registration, the preload and the browser host all derive from `channels`.
 */
import { z } from 'zod';
import { CALL_OUTCOMES, CLOSED_OUTCOMES, STAGES } from './pipeline';
import type { CallLog, Lead, LeadDetail, LeadNote, StageCounts, Task, Timestamp } from './model';
import type { OutboxOp } from './outbox';
import type { Role } from './protocol';
import type { Conflict, ParkedOp, SyncStatus } from './sync-status';
import type { CsvDelimiter } from './csv-records';
import type { ImportField } from './import-fields';
import { REPORT_NAMES, type ActivityReport, type AgingReport, type FunnelReport, type ReportCsv, type SourcesReport } from './reports';

const id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a record id');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));
const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' });
const money = z.number().int('must be a whole number').min(0, 'cannot be negative').max(1e13).nullish();

const stage = z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` });
const closedOutcome = z.enum(CLOSED_OUTCOMES, { message: 'must be won or lost' });

const name = text(200).min(1, 'a lead needs a name');
const phones = z.array(text(40).min(1, 'a phone cannot be empty')).max(10, 'at most 10 phones');
const email = z
  .string()
  .trim()
  .max(254)
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null))
  .refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'is not an email address');

/** Rules every stage change obeys, on create and on move. */
function checkClosing(
  value: { stage?: string | undefined; outcome?: string | null | undefined; lostReason?: string | null | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.stage === 'closed' && !value.outcome) {
    ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'closing a lead needs an outcome: won or lost' });
  }
  if (value.stage !== 'closed' && value.outcome) {
    ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'only a closed lead has an outcome' });
  }
  if (value.outcome === 'lost' && !value.lostReason) {
    ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'a lost lead needs a reason' });
  }
}

/** A lead's budget whose maximum is below its minimum (checked on requests and on the lead an edit makes). */
export function budgetInverted(value: { budgetMin?: number | null; budgetMax?: number | null }): boolean {
  return value.budgetMin != null && value.budgetMax != null && value.budgetMin > value.budgetMax;
}

/** A lead no one could reach: neither a phone nor an email. */
export function lacksContact(value: { phones: readonly unknown[]; email?: string | null }): boolean {
  return value.phones.length === 0 && !value.email;
}

function checkBudget(value: { budgetMin?: number | null; budgetMax?: number | null }, ctx: z.RefinementCtx): void {
  if (budgetInverted(value)) {
    ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'the budget maximum is below the minimum' });
  }
}

const editableFields = {
  name,
  phones,
  email,
  source: optionalText(100),
  budgetMin: money,
  budgetMax: money,
  propertyType: optionalText(100),
  propertyArea: optionalText(200),
  notes: text(20_000),
};

export const leadDraftSchema = z
  .strictObject({
    ...editableFields,
    phones: phones.default([]),
    notes: text(20_000).default(''),
    stage: stage.default('new'),
    outcome: closedOutcome.nullish(),
    lostReason: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (lacksContact(v)) {
      ctx.addIssue({ code: 'custom', path: ['phones'], message: 'a lead needs a phone or an email' });
    }
    checkClosing(v, ctx);
    checkBudget(v, ctx);
  });
export type LeadDraft = z.input<typeof leadDraftSchema>;

export const leadChangesSchema = z
  .strictObject(editableFields)
  .partial()
  .superRefine((v, ctx) => {
    if (Object.keys(v).length === 0) ctx.addIssue({ code: 'custom', message: 'nothing to change' });
    checkBudget(v, ctx);
  });
export type LeadChanges = z.input<typeof leadChangesSchema>;

export const FOLLOW_UP_WINDOWS = ['overdue', 'today', 'week'] as const;
export const LEAD_SORTS = ['updated', 'created', 'name', 'nextFollowUp'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const leadFilterSchema = z.strictObject({
  stage: stage.optional(),
  ownerId: z.string().max(100).optional(),
  followUp: z.enum(FOLLOW_UP_WINDOWS).optional(),
  search: z.string().max(200).optional(),
  includeDeleted: z.boolean().optional(),
});
export type LeadFilter = z.input<typeof leadFilterSchema>;

export const leadListSchema = leadFilterSchema.extend({
  sort: z.enum(LEAD_SORTS).default('updated'),
  direction: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  /** Opaque keyset cursor from the previous page. */
  cursor: z.string().max(1000).optional(),
});
export type LeadListRequest = z.input<typeof leadListSchema>;

export interface LeadPage {
  items: Lead[];
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AppStatus {
  leads: number;
  pendingOps: number;
}

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  branches: string[];
}

/** Who is signed in on this computer, as the UI shows it. */
export interface Session {
  signedIn: boolean;
  serverUrl: string | null;
  /** Null until the server has confirmed the token once (work may start offline before that). */
  user: SessionUser | null;
  /** What this user may do, decided from the role the server confirmed. */
  can: { reassign: boolean; deleteOthersLeads: boolean };
}

/** A person in the signed-in user's branches (owner pickers, reports). */
export type Colleague = SessionUser;

/** A personal saved view of the leads table: filters and sort under a name. */
export interface SavedView {
  id: string;
  name: string;
  query: SavedViewQuery;
  createdAt: string;
}

const serverUrl = z
  .string()
  .trim()
  .min(1, 'enter the server address')
  .max(500)
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'must be an http:// or https:// address')
  .transform((v) => v.replace(/\/+$/, ''));

export const savedViewQuerySchema = leadFilterSchema.omit({ includeDeleted: true }).extend({
  sort: z.enum(LEAD_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
});
export type SavedViewQuery = z.output<typeof savedViewQuerySchema>;

const byId = z.strictObject({ id });

/** What every report may be narrowed to: `from` inclusive, `to` exclusive, both optional. */
export const reportFilterSchema = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
    ownerId: z.string().trim().min(1, 'choose an owner').max(100).optional(),
    source: z.string().trim().min(1, 'choose a source').max(100).optional(),
  })
  .refine((v) => !v.from || !v.to || Date.parse(v.from) < Date.parse(v.to), { path: ['to'], message: 'must be after the start' });
export type ReportFilterRequest = z.input<typeof reportFilterSchema>;

/** What a CSV import did; the rejected rows are in `reportFile` (in the user's data folder). */
export interface ImportOutcome {
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  flagged: number;
  importId: string;
  reportFile: string | null;
  encoding: string;
}

/**
 * The start of a CSV as the import will read it, for the wizard's mapping step: the
 * headers, the first rows (a cell per header) and each header's field (null: not
 * imported), as last used for this set of headers (`remembered`) or else guessed.
 */
export interface ImportPreview {
  headers: string[];
  sampleRows: string[][];
  mapping: Record<string, ImportField | null>;
  remembered: boolean;
  /** How the file's bytes are read (`utf8` for text the page has already decoded). */
  encoding: string;
  delimiter: CsvDelimiter;
}

/** A file picked in the desktop app's own file dialog, previewed; the page imports it by `path`. */
export interface ChosenImportFile {
  path: string;
  fileName: string;
  preview: ImportPreview;
}

/** The most text of a file's start the wizard sends for a preview. */
export const IMPORT_PREVIEW_MAX_CHARS = 256 * 1024;

export interface ImportUndoOutcome {
  importId: string;
  deleted: number;
  reverted: number;
  /** What could not be undone (someone changed it since), lead by lead. */
  notUndone: { leadId: string; field: string | null; reason: string }[];
}

/**
 * A two-way merge: the user picks, field by field, which lead's value the survivor keeps
 * (fields not named keep the survivor's). `both` keeps the phones of both leads, or
 * both notes one after the other. `stage` moves the whole stage group (stage, outcome,
 * lost reason); `budget` both bounds; `property` type and area.
 */
export const MERGE_PICKS = {
  name: ['survivor', 'merged'],
  phones: ['survivor', 'merged', 'both'],
  email: ['survivor', 'merged'],
  source: ['survivor', 'merged'],
  stage: ['survivor', 'merged'],
  budget: ['survivor', 'merged'],
  property: ['survivor', 'merged'],
  ownerId: ['survivor', 'merged'],
  notes: ['survivor', 'merged', 'both'],
} as const;
export type MergePickField = keyof typeof MERGE_PICKS;
export type MergePick = { [F in MergePickField]?: (typeof MERGE_PICKS)[F][number] };

const keepWhich = z.enum(['survivor', 'merged']).optional();
const keepWhichOrBoth = z.enum(['survivor', 'merged', 'both']).optional();
const mergePickSchema = z.strictObject({
  name: keepWhich,
  phones: keepWhichOrBoth,
  email: keepWhich,
  source: keepWhich,
  stage: keepWhich,
  budget: keepWhich,
  property: keepWhich,
  ownerId: keepWhich,
  notes: keepWhichOrBoth,
}) satisfies z.ZodType<MergePick>;

export const DUPLICATE_REASONS = ['phone', 'email', 'similar_name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Two live leads that may be one person, and why. */
export interface DuplicatePair {
  leads: [Lead, Lead];
  reasons: DuplicateReason[];
}

/** The most leads one selection may name; "everything matching" a filter has no such limit. */
export const BULK_MAX_IDS = 50_000;

/** A client-made id for a long job, so the page knows which progress bar a `jobProgress` event moves. */
const jobId = z.string().trim().min(1, 'a job needs an id').max(100);

/**
 * What a bulk action works on: the leads picked in the table, or every live lead a
 * filter matches (the same filter the table uses), evaluated once when the action starts.
 */
export const bulkTargetSchema = z.union(
  [
    z.strictObject({
      ids: z.array(id).min(1, 'select at least one lead').max(BULK_MAX_IDS, `at most ${BULK_MAX_IDS} leads at once; use "select all matching" instead`),
    }),
    z.strictObject({ filter: leadFilterSchema.omit({ includeDeleted: true }) }),
  ],
  { message: 'name the leads: either ids (a selection) or filter (everything matching)' },
);
export type BulkTarget = z.input<typeof bulkTargetSchema>;

export const BULK_ACTION_KINDS = ['moveToStage', 'assign', 'followUp', 'delete'] as const;
export type BulkActionKind = (typeof BULK_ACTION_KINDS)[number];

/** One action on every targeted lead, with the same rules as the one-lead channel it mirrors. */
export const bulkActionSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .strictObject({ kind: z.literal('moveToStage'), stage, outcome: closedOutcome.nullish(), lostReason: optionalText(500) })
      .superRefine(checkClosing),
    z.strictObject({
      kind: z.literal('assign'),
      ownerId: z.string().trim().min(1, 'choose an owner').max(100),
      branchId: z.string().trim().min(1).max(100).optional(),
    }),
    z.strictObject({ kind: z.literal('followUp'), title: text(300).min(1, 'a follow-up needs a title'), dueAt: isoTime }),
    z.strictObject({ kind: z.literal('delete') }),
  ],
  { message: `must be one of ${BULK_ACTION_KINDS.join(', ')}` },
);
export type BulkAction = z.input<typeof bulkActionSchema>;

/** A lead a bulk action (or its undo) left as it was, and why. */
export interface BulkLeadProblem {
  leadId: string;
  /** The lead's name, to show; null when the lead is not on this computer. */
  name: string | null;
  reason: string;
}

/** What a bulk action did. Its changes are remembered under `bulkId` for `bulk.undo`. */
/** A finished bulk action as `bulk.last` answers it: what was asked, and what it did. */
export interface LastBulkAction {
  action: BulkAction;
  outcome: BulkOutcome;
}

export interface BulkOutcome {
  bulkId: string;
  /** How many leads it aimed at (a filter counted once, at the start). */
  total: number;
  changed: number;
  /** Leads that needed nothing (already in that stage, already that owner's) or were not the user's to change. */
  skipped: number;
  /** Why leads were skipped, most common first. */
  skippedBecause: { reason: string; count: number }[];
  failed: BulkLeadProblem[];
}

export interface BulkUndoOutcome {
  bulkId: string;
  /** Leads put back as they were (follow-ups it created are marked done: follow-ups are never deleted). */
  undone: number;
  /** What could not be put back (someone changed it since), lead by lead. */
  notUndone: BulkLeadProblem[];
}

/** Leads as a CSV file (UTF-8 with a BOM, formula-escaped cells) for the page to download. */
export interface LeadsCsv {
  filename: string;
  csv: string;
  exported: number;
}

/** Declares one channel: its request validator, and its response type. */
function channel<Res>() {
  return <S extends z.ZodType>(request: S) => ({ request, response: undefined as unknown as Res });
}

export const channels = {
  'leads.create': channel<Lead>()(leadDraftSchema),
  'leads.get': channel<Lead>()(byId),
  'leads.detail': channel<LeadDetail>()(byId),
  'leads.update': channel<Lead>()(z.strictObject({ id, changes: leadChangesSchema })),
  'leads.moveToStage': channel<Lead>()(
    z
      .strictObject({ id, stage, outcome: closedOutcome.nullish(), lostReason: optionalText(500) })
      .superRefine(checkClosing),
  ),
  'leads.delete': channel<Lead>()(byId),
  'leads.restore': channel<Lead>()(byId),
  'leads.list': channel<LeadPage>()(leadListSchema),
  'leads.countByStage': channel<StageCounts>()(leadFilterSchema.omit({ stage: true })),
  'calls.log': channel<CallLog>()(
    z.strictObject({
      leadId: id,
      outcome: z.enum(CALL_OUTCOMES, { message: `must be one of ${CALL_OUTCOMES.join(', ')}` }),
      durationSeconds: z.number().int('must be whole seconds').min(0, 'cannot be negative').max(86_400, 'is over a day'),
      note: text(5000).default(''),
      occurredAt: isoTime.optional(),
    }),
  ),
  'notes.add': channel<LeadNote>()(z.strictObject({ leadId: id, body: text(20_000).min(1, 'a note cannot be empty') })),
  'tasks.create': channel<Task>()(
    z.strictObject({ leadId: id, title: text(300).min(1, 'a follow-up needs a title'), dueAt: isoTime }),
  ),
  'tasks.complete': channel<Task>()(byId),
  'tasks.reschedule': channel<Task>()(z.strictObject({ id, dueAt: isoTime })),
  'leads.assign': channel<Lead>()(
    z.strictObject({ id, ownerId: z.string().trim().min(1, 'choose an owner').max(100), branchId: z.string().trim().min(1).max(100).optional() }),
  ),
  'sync.status': channel<SyncStatus>()(z.strictObject({})),
  'conflicts.list': channel<Conflict[]>()(z.strictObject({ includeRestored: z.boolean().default(false) })),
  'conflicts.restore': channel<Lead>()(z.strictObject({ id: z.number().int().positive('must be a conflict id') })),
  'parked.list': channel<ParkedOp[]>()(z.strictObject({})),
  'parked.retry': channel<null>()(z.strictObject({ opId: id })),
  'parked.discard': channel<null>()(z.strictObject({ opId: id })),
  'outbox.list': channel<OutboxOp[]>()(z.strictObject({ limit: z.number().int().min(1).max(1_000_000).default(1000) })),
  'app.status': channel<AppStatus>()(z.strictObject({})),
  'session.current': channel<Session>()(z.strictObject({})),
  'session.signIn': channel<Session>()(
    z.strictObject({ serverUrl, token: z.string().trim().min(8, 'a token is at least 8 characters').max(500) }),
  ),
  'session.signOut': channel<{ pendingOps: number }>()(z.strictObject({ keepUnsynced: z.boolean().default(false) })),
  'users.list': channel<Colleague[]>()(z.strictObject({})),
  /**
   * Live leads that may be the person being entered: the same phone or email first, then
   * (given a name) similar names in `branchId` or in any branch when it is not known yet.
   */
  'leads.findDuplicates': channel<Lead[]>()(
    z.strictObject({
      phones: z.array(text(40)).max(10).default([]),
      email: text(254).nullish(),
      name: text(200).nullish(),
      branchId: z.string().trim().max(100).nullish(),
      excludeId: id.optional(),
    }),
  ),
  /** Merges `mergedId` into `survivorId`; answers the survivor as it is after the merge. */
  'leads.merge': channel<Lead>()(
    z
      .strictObject({ survivorId: id, mergedId: id, pick: mergePickSchema.default({}) })
      .refine((r) => r.survivorId !== r.mergedId, { path: ['mergedId'], message: 'a lead cannot be merged into itself' }),
  ),
  /** Pairs of live leads that may be one person (same phone or email, or similar names in one branch). */
  'leads.possibleDuplicates': channel<DuplicatePair[]>()(z.strictObject({ limit: z.number().int().min(1).max(500).default(100) })),
  /** "Not duplicates": the pair leaves the possible-duplicates list on this computer. */
  'leads.dismissDuplicate': channel<null>()(
    z.strictObject({ leadId: id, otherId: id }).refine((r) => r.leadId !== r.otherId, { path: ['otherId'], message: 'a lead cannot be a duplicate of itself' }),
  ),
  'views.list': channel<SavedView[]>()(z.strictObject({})),
  'views.save': channel<SavedView>()(z.strictObject({ name: text(100).min(1, 'a view needs a name'), query: savedViewQuerySchema })),
  'views.delete': channel<null>()(z.strictObject({ id })),
  'sync.now': channel<null>()(z.strictObject({})),
  'reports.funnel': channel<FunnelReport>()(reportFilterSchema),
  'reports.aging': channel<AgingReport>()(reportFilterSchema),
  'reports.activity': channel<ActivityReport>()(reportFilterSchema),
  'reports.sources': channel<SourcesReport>()(reportFilterSchema),
  'reports.exportCsv': channel<ReportCsv>()(
    z.strictObject({
      report: z.enum(REPORT_NAMES, { message: `must be one of ${REPORT_NAMES.join(', ')}` }),
      filter: reportFilterSchema.default({}),
    }),
  ),
  'imports.fromFile': channel<ImportOutcome>()(
    z.strictObject({
      path: z.string().min(1, 'choose a file').max(4096),
      map: z.record(z.string().max(200), z.string().max(50).nullable()).optional(),
      encoding: z.enum(['utf8', 'utf16le', 'utf16be', 'windows-1256']).optional(),
      onDuplicate: z.enum(['skip', 'update', 'create']).default('skip'),
      /** When given, the import moves this `jobProgress` bar (kind `import`) as it reads rows. */
      jobId: jobId.optional(),
    }),
  ),
  'imports.undo': channel<ImportUndoOutcome>()(z.strictObject({ importId: id })),
  /** A CSV the page read itself (a browser cannot hand the core a path); imported like `imports.fromFile`. */
  'imports.fromText': channel<ImportOutcome>()(
    z.strictObject({
      fileName: z.string().trim().min(1, 'the file needs a name').max(300),
      text: z.string().min(1, 'the file is empty').max(50 * 1024 * 1024, 'the file is larger than 50 MB'),
      map: z.record(z.string().max(200), z.string().max(50).nullable()).optional(),
      onDuplicate: z.enum(['skip', 'update', 'create']).default('skip'),
      jobId: jobId.optional(),
    }),
  ),
  /** How a CSV will be read and mapped, from the start of its text; the wizard's mapping step. */
  'imports.preview': channel<ImportPreview>()(
    z.strictObject({
      fileName: z.string().trim().min(1, 'the file needs a name').max(300),
      text: z.string().min(1, 'the file is empty').max(IMPORT_PREVIEW_MAX_CHARS, `send at most the first ${IMPORT_PREVIEW_MAX_CHARS} characters`),
    }),
  ),
  /**
   * Opens the system's file dialog and previews the CSV picked (null when cancelled).
   * Only the desktop shell answers it (see SHELL_CHANNELS); in a browser the page reads the file.
   */
  'imports.chooseFile': channel<ChosenImportFile | null>()(z.strictObject({})),
  /** One action on many leads, in chunks (one transaction each), moving the `jobProgress` bar of `jobId`. */
  'bulk.run': channel<BulkOutcome>()(z.strictObject({ jobId, target: bulkTargetSchema, action: bulkActionSchema })),
  /** Puts back what a bulk action changed, where nobody changed it since. */
  'bulk.undo': channel<BulkUndoOutcome>()(z.strictObject({ bulkId: id, jobId: jobId.optional() })),
  /**
   * The newest bulk action that finished and was not undone (null when none), so its Undo
   * is still offered after the window was reloaded or the app restarted.
   */
  'bulk.last': channel<LastBulkAction | null>()(z.strictObject({})),
  /** The targeted leads as CSV (the same columns as `crm export`). */
  'bulk.exportCsv': channel<LeadsCsv>()(z.strictObject({ target: bulkTargetSchema })),
} as const;

/** Channels answered without a signed-in user; every other one needs a session. */
export const SESSION_CHANNELS = ['session.current', 'session.signIn', 'session.signOut'] as const satisfies readonly ChannelName[];
export type SessionChannel = (typeof SESSION_CHANNELS)[number];

/** Channels only the desktop shell (main/electron/) answers: they need the operating system's own UI. */
export const SHELL_CHANNELS = ['imports.chooseFile'] as const satisfies readonly ChannelName[];
export type ShellChannel = (typeof SHELL_CHANNELS)[number];

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** What a caller sends (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives (validated, defaults applied). */
export type ValidRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = Channels[C]['response'];

/** The desktop menu's commands: each runs the same action as its keyboard shortcut. */
export const MENU_COMMANDS = ['newLead', 'logCall', 'search', 'goToBoard', 'goToLeads', 'goToAttention', 'goToReports', 'showShortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Events the core pushes to the UI. */
export interface ContractEvents {
  /** Leads were written locally or by sync; views showing them should refresh. */
  leadsChanged: { ids: string[] };
  /** Sync progress and health, whenever they change. */
  syncStatus: SyncStatus;
  /** Someone signed in or out (or the server confirmed who they are). */
  sessionChanged: Session;
  /**
   * Follow-ups came due (one, or `count` together: then the others are in the Overdue
   * filter). The fields describe the earliest-due one; clicking opens its lead.
   */
  followUpDue: { leadId: string; title: string; leadName: string; dueAt: Timestamp; count: number };
  /** A desktop menu item was chosen (the Electron shell only; never sent in a browser). */
  menu: { command: MenuCommand };
  /**
   * A long job (a CSV import, a bulk action) moved on: `done` of `total` rows. The page
   * that started it passes `jobId` in its request, so it knows which bar to move.
   */
  jobProgress: { jobId: string; kind: JobKind; done: number; total: number };
}
export const JOB_KINDS = ['import', 'bulk'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type EventName = keyof ContractEvents;
export const EVENT_NAMES = ['leadsChanged', 'syncStatus', 'sessionChanged', 'followUpDue', 'menu', 'jobProgress'] as const satisfies readonly EventName[];
