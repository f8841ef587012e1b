import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify';
import { leadChangesSchema, leadDraftSchema, type ImportOutcome, type ValidRequestOf } from '../../shared/contract';
import { escapeCell, unescapeCell } from '../../shared/csv-cells';
import { detectDelimiter } from '../../shared/csv-records';
import { duplicateKeys, nameKeys, SimilarNameSet, type DuplicateKeys, type NameKeys } from '../../shared/duplicates';
import { newId } from '../../shared/ids';
import { LEAD_SYNCED_FIELDS, type Lead } from '../../shared/model';
import { phoneDigits, type Phone } from '../../shared/phone';
import { AppError } from '../../shared/result';
import { sameJson } from '../../shared/merge-rules';
import type { Core } from '../core';
import { headerKey, isImportField, mappingFor, type ColumnMapping, type ImportField } from './columns';
import { checkCsvFile, openCsvRecords, readCsvHead } from './csv-file';
import { detectEncoding, type CsvEncoding } from './encoding';
import { ImportLog, type ImportItem } from './import-log';
import { restoreIndexes, setLeadIndexesAsideWhenEmpty } from '../db/indexes-set-aside';

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export interface ImportOptions {
  file: string;
  /** Overrides the remembered and the guessed mapping, header by header. */
  map?: ColumnMapping;
  /** Detected from the bytes when not given. */
  encoding?: CsvEncoding;
  onDuplicate?: DuplicatePolicy;
  /** Where the rejected-rows report goes; `FILE.rejected.csv` beside the input when not given. */
  report?: string;
  /**
   * Told `done` of `total` data rows read: first (0, total), then every so often, last
   * (rows, rows). Given, the file is counted first (one quick streaming pass).
   */
  onProgress?: (done: number, total: number) => void;
}

/** The counts `crm import --json` prints. */
export type ImportSummary = Omit<ImportOutcome, 'reportFile' | 'encoding'>;

/** What the contract answers (`ImportOutcome`), with the encoding as the importer knows it. */
export interface ImportResult extends ImportOutcome {
  encoding: CsvEncoding;
}

type LeadDraft = ValidRequestOf<'leads.create'>;

/**
 * Imports run in the core host's worker, so the window never waits on them; chunks stay
 * short anyway, because the user's own clicks are answered by that worker between them.
 * 100 ms (as bulk actions take): each commit rewrites the index pages its chunk touched,
 * and 40 ms chunks made a 100K import about an eighth slower.
 */
const TARGET_CHUNK_MS = 100;
/** Row checks run between chunks; the worker's loop gets a turn at least this often. */
const YIELD_EVERY_MS = 20;
/**
 * How often a long import checkpoints the WAL and merges search segments (each a few ms).
 * Each checkpoint rewrites the index pages every chunk touches; at 100 ms they were about
 * a tenth of an import's time, and the WAL stays a few MB at 400.
 */
const UPKEEP_EVERY_MS = 400;
/** How often progress is reported: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_EVERY_MS = 100;

/**
 * An import asked for by the app (a file the user picked): the rejected-rows report goes
 * into the user's own data folder, never next to the input, so the page cannot make the
 * core write where it likes.
 */
export function importFromFile(core: Core, request: ValidRequestOf<'imports.fromFile'>): Promise<ImportResult> {
  const map: ColumnMapping = {};
  for (const [header, field] of Object.entries(request.map ?? {})) {
    if (field !== null && !isImportField(field)) throw new AppError('invalid_input', `map.${header}: "${field}" is not a lead field`);
    map[header] = field as ImportField | null;
  }
  const reports = path.join(core.dataDir, 'import-reports');
  fs.mkdirSync(reports, { recursive: true });
  const { jobId } = request;
  return importCsv(core, {
    file: path.resolve(request.path),
    ...(request.map ? { map } : {}),
    ...(request.encoding ? { encoding: request.encoding } : {}),
    onDuplicate: request.onDuplicate,
    report: path.join(reports, `${path.basename(request.path, path.extname(request.path))}-${Date.now()}.rejected.csv`),
    ...(jobId ? { onProgress: (done: number, total: number) => core.events.emit('jobProgress', { jobId, kind: 'import', done, total }) } : {}),
  });
}

/**
 * An import of a CSV the page read itself (a browser page cannot name a path): the text
 * goes to a private folder under the user's data folder, is imported like a picked file,
 * and is deleted afterwards, whatever happened. Written and read as UTF-8, since the page
 * already decoded it.
 */
export async function importFromText(core: Core, request: ValidRequestOf<'imports.fromText'>): Promise<ImportResult> {
  const folder = path.join(core.dataDir, 'import-uploads', newId());
  // Only the name's last part, without characters file systems refuse; it names the report.
  const safeName = path.basename(request.fileName).replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '') || 'import.csv';
  const file = path.join(folder, safeName);
  await fs.promises.mkdir(folder, { recursive: true });
  try {
    await fs.promises.writeFile(file, request.text, 'utf8');
    return await importFromFile(core, {
      path: file,
      encoding: 'utf8',
      onDuplicate: request.onDuplicate,
      ...(request.map ? { map: request.map } : {}),
      ...(request.jobId ? { jobId: request.jobId } : {}),
    });
  } finally {
    await fs.promises.rm(folder, { recursive: true, force: true });
  }
}

/** csv-parse names its errors CSV_…; anything else is not the file's fault. */
function isCsvError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? '').startsWith('CSV_');
}

/** The rejected-rows report's name beside the input: `leads.csv` → `leads.rejected.csv`. */
export function defaultReportFile(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejected.csv`);
}

/** The rejected-rows report must be a file that can be written and is not the one being read. */
async function checkReportPath(file: string, report: string): Promise<void> {
  const existing = await fs.promises.stat(report).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('invalid_input', `the report ${report} is a folder; name a file`);
  const real = async (p: string) => fs.promises.realpath(p).catch(() => path.resolve(p));
  if ((await real(report)) === (await real(file))) {
    throw new AppError('invalid_input', `the report ${report} is the file being imported; name another file for the rejected rows`);
  }
  if (!(await fs.promises.stat(path.dirname(path.resolve(report))).catch(() => null))?.isDirectory()) {
    throw new AppError('invalid_input', `no folder for the report ${report}`);
  }
}

/**
 * Imports a CSV of leads. Streams the file (any size), maps columns (given, remembered
 * per header set, or guessed from English and Arabic header names), rejects rows
 * without a name or without a phone and an email, and handles duplicates of live
 * leads and of earlier rows by the shared rule (shared/duplicates.ts): a set of every
 * live lead's phone digits and email answers "is it a duplicate?" per row without a
 * query; the core's DuplicateFinder fetches the lead only when a row updates it. Leads
 * are created in chunks through `leads.createMany` (outbox ops included), each chunk a
 * short transaction, yielding to the event loop between chunks.
 *
 * Refuses (AppError) before writing anything when the file cannot be read, is not
 * valid CSV anywhere (one parsing pass over the whole file first, which also counts the
 * rows for progress), or no column maps to a name, a phone or an email.
 */
export async function importCsv(core: Core, options: ImportOptions): Promise<ImportResult> {
  const policy = options.onDuplicate ?? 'skip';
  try {
    await fs.promises.access(options.file, fs.constants.R_OK);
  } catch {
    throw new AppError('invalid_input', `cannot read ${options.file}`);
  }
  if (!(await fs.promises.stat(options.file)).isFile()) throw new AppError('invalid_input', `${options.file} is a folder, not a CSV file`);
  const reportPath = options.report ?? defaultReportFile(options.file);
  await checkReportPath(options.file, reportPath);
  const encoding = options.encoding ?? (await detectEncoding(options.file));
  // Excel writes `;` (or tab) where the decimal mark is a comma; the header line tells.
  const delimiter = detectDelimiter(await readCsvHead(options.file, encoding));
  let total: number;
  try {
    total = await checkCsvFile(options.file, encoding, delimiter);
  } catch (error) {
    if (!isCsvError(error)) throw error;
    throw new AppError('invalid_input', `${options.file} is not valid CSV (${(error as Error).message.split('\n')[0]}); nothing was imported`);
  }
  const parser = openCsvRecords(options.file, encoding, delimiter);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const log = new ImportLog(core.store);
  let rowNumber = 1;
  let bulkLoad = false;
  try {
    const first = await records.next();
    if (first.done) throw new AppError('invalid_input', `${options.file} has no header row`);
    const headers = first.value.map((h) => h.trim());
    const key = headerKey(headers);
    for (const header of Object.keys(options.map ?? {})) {
      if (!headers.includes(header)) throw new AppError('invalid_input', `--map names "${header}", which is not a column of ${options.file}`);
    }
    const mapping: ColumnMapping = { ...mappingFor(headers, log.rememberedMapping(key)), ...(options.map ?? {}) };
    const columns = headers.map((h) => mapping[h] ?? null);
    if (!columns.includes('name')) throw new AppError('invalid_input', 'no column maps to the name; name one with --map \'{"HEADER":"name"}\'');
    if (!columns.includes('phone') && !columns.includes('email')) {
      throw new AppError('invalid_input', 'no column maps to a phone or an email; name one with --map');
    }

    const importer = new Importer(core, log, policy, headers, columns, reportPath, options.onProgress, total);
    const now = new Date().toISOString();
    core.store.transaction(() => {
      log.rememberMapping(key, mapping, now);
      log.start(importer.importId, path.resolve(options.file), now);
    });
    // An office's first import into an empty database loads faster with the leads'
    // indexes set aside (db/indexes-set-aside.ts); not for `update`, which finds leads by them.
    bulkLoad = policy !== 'update' && setLeadIndexesAsideWhenEmpty(core.store);
    try {
      for (;;) {
        const next = await records.next();
        if (next.done) break;
        rowNumber++;
        await importer.row(rowNumber, next.value);
      }
    } catch (error) {
      await importer.finish();
      if (!isCsvError(error)) throw error;
      // Checked whole before the first row: the file changed while it was being imported.
      throw new AppError(
        'invalid_input',
        `${options.file} is not valid CSV after row ${rowNumber} (${(error as Error).message.split('\n')[0]}); the rows before it were imported as ${importer.importId} (crm import undo ${importer.importId})`,
      );
    }
    const summary = await importer.finish();
    // The count is exact now, whatever the first pass made of an oddly quoted line.
    options.onProgress?.(rowNumber - 1, rowNumber - 1);
    return { ...summary, reportFile: importer.reportFile, encoding };
  } finally {
    parser.destroy();
    if (bulkLoad) await restoreIndexes(core.store);
  }
}

class Importer {
  readonly importId = newId();
  readonly counts = { imported: 0, updated: 0, skipped: 0, rejected: 0, flagged: 0 };
  reportFile: string | null = null;
  /** `p:DIGITS` and `e:email` of every live lead and every row accepted so far. */
  private readonly known = new Set<string>();
  /** Names of every live lead and accepted row: a row with a similar name is flagged (shared/duplicates.ts). */
  private readonly names = new SimilarNameSet();
  private pending: { draft: LeadDraft; flagged: boolean }[] = [];
  // Small at first (cold caches and JIT), then sized by how long a chunk took.
  private chunkSize = 100;
  private report: ReturnType<typeof stringify> | null = null;
  private reportDone: Promise<void> | null = null;
  private readonly log: ImportLog;
  private lastYield = performance.now();
  private lastUpkeep = performance.now();
  private lastProgress = -Infinity;
  /** Data rows read so far (accepted, skipped or rejected). */
  private rowsRead = 0;

  constructor(
    private readonly core: Core,
    log: ImportLog,
    private readonly policy: DuplicatePolicy,
    private readonly headers: string[],
    private readonly columns: (ImportField | null)[],
    private readonly reportPath: string,
    private readonly onProgress: ((done: number, total: number) => void) | undefined,
    private readonly total: number,
  ) {
    this.log = log;
    this.loadLiveLeads();
    this.reportProgress();
  }

  /** One SQL pass over live leads: their phone digits, emails and names. */
  private loadLiveLeads(): void {
    const { store } = this.core;
    const rows = store.all(store.q.selectFrom('leads').select(['name_key', 'name_skeleton', 'phones', 'email']).where('deleted', '=', 0));
    for (const row of rows) {
      for (const phone of JSON.parse(row.phones) as Phone[]) this.known.add('p:' + phoneDigits(phone));
      if (row.email) this.known.add('e:' + row.email.toLowerCase());
      if (row.name_key) this.names.add({ key: row.name_key, skeleton: row.name_skeleton ?? '' });
    }
  }

  async row(rowNumber: number, cells: string[]): Promise<void> {
    this.rowsRead = rowNumber - 1;
    const values = this.values(cells);
    const name = values.name?.[0];
    if (!name) return this.reject(rowNumber, 'no name', cells);
    const phones = (values.phone ?? []).flatMap((cell) => cell.split(';')).map((p) => p.trim()).filter(Boolean);
    const email = values.email?.[0];
    if (phones.length === 0 && !email) return this.reject(rowNumber, 'no phone or email', cells);
    const stage = values.stage?.[0]?.toLowerCase();
    const outcome = values.outcome?.[0]?.toLowerCase();
    const parsed = leadDraftSchema.safeParse({
      name,
      phones,
      email: email ?? null,
      source: values.source?.[0] ?? null,
      notes: values.notes?.join('\n') ?? '',
      stage: stage || undefined,
      outcome: outcome || null,
      lostReason: values.lostReason?.[0] ?? null,
      propertyType: values.propertyType?.[0] ?? null,
      propertyArea: values.propertyArea?.[0] ?? null,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return this.reject(rowNumber, `${issue.path.join('.') || 'row'}: ${issue.message}`, cells);
    }
    const draft = parsed.data;
    const keys = duplicateKeys({ phones: draft.phones, email: draft.email });
    const duplicate = keys.phones.some((digits) => this.known.has('p:' + digits)) || (keys.email !== null && this.known.has('e:' + keys.email));
    if (duplicate && this.policy === 'skip') {
      this.counts.skipped++;
      if (performance.now() - this.lastYield > YIELD_EVERY_MS) await this.yieldToLoop();
      return;
    }
    if (duplicate && this.policy === 'update') {
      await this.flush();
      const [lead] = this.core.duplicates.find({ phones: draft.phones, email: draft.email }, undefined, 1);
      if (lead) return this.update(rowNumber, lead, draft, cells);
    }
    const rowName = nameKeys(draft.name);
    const flagged = !duplicate && this.names.hasSimilar(rowName);
    this.remember(keys, rowName);
    this.pending.push({ draft, flagged });
    if (this.pending.length >= this.chunkSize) await this.flush();
    else if (performance.now() - this.lastYield > YIELD_EVERY_MS) await this.yieldToLoop();
  }

  /** Fills the lead's fields from the row, as `leads.update` does for an edit. */
  private async update(rowNumber: number, lead: Lead, draft: LeadDraft, cells: string[]): Promise<void> {
    const changes: Record<string, unknown> = {};
    for (const field of ['name', 'email', 'source', 'notes', 'propertyType', 'propertyArea'] as const) {
      const value = draft[field];
      if (value !== null && value !== '' && value !== lead[field]) changes[field] = value;
    }
    const have = new Set(lead.phones.map(phoneDigits));
    const added = draft.phones.filter((raw) => {
      const digits = duplicateKeys({ phones: [raw], email: null }).phones[0];
      if (digits === undefined || have.has(digits)) return false;
      have.add(digits);
      return true;
    });
    if (added.length) changes.phones = [...lead.phones.map((p) => p.raw), ...added];
    const parsed = leadChangesSchema.safeParse(changes);
    if (Object.keys(changes).length === 0 || !parsed.success) {
      if (Object.keys(changes).length && !parsed.success) {
        const issue = parsed.error.issues[0]!;
        return this.reject(rowNumber, `${issue.path.join('.') || 'row'}: ${issue.message}`, cells);
      }
      this.counts.skipped++;
      return;
    }
    const { store, leads } = this.core;
    const changed = store.transaction(() => {
      const after = leads.update(lead.id, parsed.data);
      const previous: Record<string, unknown> = {};
      const written: Record<string, unknown> = {};
      for (const field of LEAD_SYNCED_FIELDS) {
        if (sameJson(lead[field] as never, after[field] as never)) continue;
        previous[field] = lead[field];
        written[field] = after[field];
      }
      if (Object.keys(written).length === 0) return false;
      this.log.addItems(this.importId, [{ leadId: lead.id, kind: 'updated', previous, written }]);
      return true;
    });
    this.remember(duplicateKeys({ phones: draft.phones, email: draft.email }), nameKeys(draft.name));
    if (changed) this.counts.updated++;
    else this.counts.skipped++;
    await this.yieldToLoop();
  }

  private remember(keys: DuplicateKeys, name: NameKeys): void {
    for (const digits of keys.phones) this.known.add('p:' + digits);
    if (keys.email) this.known.add('e:' + keys.email);
    this.names.add(name);
  }

  /** The row's non-empty cells per field, formula escapes removed. */
  private values(cells: string[]): Partial<Record<ImportField, string[]>> {
    const values: Partial<Record<ImportField, string[]>> = {};
    for (let i = 0; i < this.columns.length; i++) {
      const field = this.columns[i];
      if (!field) continue;
      const cell = unescapeCell((cells[i] ?? '').trim());
      if (cell) (values[field] ??= []).push(cell);
    }
    return values;
  }

  /** Creates the pending drafts in one transaction with their import records. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const started = performance.now();
    this.core.store.transaction(() => {
      const ids = this.core.leads.createMany(batch.map((p) => p.draft));
      const items: ImportItem[] = ids.map((leadId, i) => ({ leadId, kind: batch[i]!.flagged ? 'flagged' : 'created', previous: null, written: null }));
      this.log.addItems(this.importId, items);
    });
    const ms = performance.now() - started;
    this.counts.imported += batch.length;
    this.counts.flagged += batch.filter((p) => p.flagged).length;
    // Size the next chunk so a transaction takes about TARGET_CHUNK_MS on this machine.
    this.chunkSize = Math.max(50, Math.min(5_000, Math.round((batch.length * TARGET_CHUNK_MS) / Math.max(ms, 1))));
    await this.yieldToLoop();
    // A 100K-row import never pauses long enough for the idle upkeep: do it in slices.
    if (performance.now() - this.lastUpkeep > UPKEEP_EVERY_MS) {
      this.core.upkeepStep();
      this.lastUpkeep = performance.now();
      await this.yieldToLoop();
    }
  }

  private async reject(rowNumber: number, reason: string, cells: string[]): Promise<void> {
    this.counts.rejected++;
    if (!this.report) {
      this.reportFile = this.reportPath;
      const out = fs.createWriteStream(this.reportPath);
      this.report = stringify();
      this.report.pipe(out);
      this.reportDone = new Promise((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      // Awaited in finish(); until then a failed write must not end the process.
      this.reportDone.catch(() => undefined);
      this.report.write(['row', 'reason', ...this.headers].map(escapeCell));
    }
    if (!this.report.write([String(rowNumber), reason, ...cells].map(escapeCell))) {
      await new Promise<void>((resolve) => this.report!.once('drain', resolve));
    }
    if (performance.now() - this.lastYield > YIELD_EVERY_MS) await this.yieldToLoop();
  }

  private async yieldToLoop(): Promise<void> {
    if (performance.now() - this.lastProgress > PROGRESS_EVERY_MS) this.reportProgress();
    await new Promise(setImmediate);
    this.lastYield = performance.now();
  }

  private reportProgress(): void {
    if (!this.onProgress) return;
    this.lastProgress = performance.now();
    // Rows already read are done; the total grows with them should the first count have been short.
    this.onProgress(this.rowsRead, Math.max(this.total, this.rowsRead));
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    let reportError: Error | null = null;
    if (this.report) {
      this.report.end();
      await this.reportDone!.catch((error: Error) => (reportError = error));
    }
    const summary: ImportSummary = { ...this.counts, importId: this.importId };
    // The leads are in and undoable whatever became of the report.
    this.log.finish(this.importId, summary, new Date().toISOString());
    if (reportError) {
      throw new AppError(
        'invalid_input',
        `the rejected rows could not be written to ${this.reportPath} (${(reportError as Error).message}); the import itself finished as ${this.importId}`,
      );
    }
    return summary;
  }
}


